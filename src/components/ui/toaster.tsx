import { Toaster as Sonner } from 'sonner';

/** Mounted once by the app provider; call `toast` from './toast' anywhere. */
export function Toaster() {
  return (
    <Sonner
      theme="system"
      position="bottom-right"
      closeButton
      toastOptions={{
        classNames: {
          toast: 'rounded-lg! border! border-border! bg-surface-raised! text-foreground! shadow-overlay! font-sans!',
          description: 'text-muted-foreground!',
          closeButton: 'border-border! bg-surface-raised! text-muted-foreground!',
        },
      }}
    />
  );
}
