import { Spinner } from '@/components/ui/spinner';

export function FullPageSpinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="flex min-h-dvh items-center justify-center bg-background text-muted-foreground">
      <Spinner className="size-6" label={label} />
    </div>
  );
}
