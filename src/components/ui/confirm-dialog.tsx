import { useState, type MouseEvent, type ReactElement, type ReactNode } from 'react';
import { AlertDialog } from 'radix-ui';
import { cn } from '@/lib/utils';
import { Button } from './button';
import { dialogPanelClasses, overlayClasses } from './dialog';

interface ConfirmDialogProps {
  title: ReactNode;
  description: ReactNode;
  /** Runs only when the person confirms. When it returns a promise the dialog stays open, busy, until it settles. */
  onConfirm: () => void | Promise<unknown>;
  confirmLabel?: string;
  cancelLabel?: string;
  /** For irreversible actions: the confirm button is red. */
  destructive?: boolean;
  /** The element that opens the dialog; omit it and control `open` instead. */
  trigger?: ReactElement;
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
}

/** Asks before doing something that cannot be undone. Cancel has focus first, so Enter never destroys. */
export function ConfirmDialog({
  title,
  description,
  onConfirm,
  confirmLabel = 'Confirm',
  cancelLabel = 'Cancel',
  destructive = false,
  trigger,
  open: controlledOpen,
  onOpenChange,
}: ConfirmDialogProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const open = controlledOpen ?? uncontrolledOpen;

  const setOpen = (next: boolean) => {
    if (controlledOpen === undefined) setUncontrolledOpen(next);
    onOpenChange?.(next);
  };

  const handleConfirm = async (event: MouseEvent<HTMLButtonElement>) => {
    const result = onConfirm();
    if (!(result instanceof Promise)) return;
    // Keep the dialog open while the work runs; a failure leaves it open so the person can retry or cancel.
    event.preventDefault();
    setPending(true);
    try {
      await result;
      setOpen(false);
    } catch {
      // The caller reports the error (usually a toast); the dialog only stops being busy.
    } finally {
      setPending(false);
    }
  };

  return (
    <AlertDialog.Root open={open} onOpenChange={(next) => (pending ? undefined : setOpen(next))}>
      {trigger ? <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger> : null}
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={overlayClasses} />
        <AlertDialog.Content className={cn(dialogPanelClasses, 'max-w-md')}>
          <div className="grid gap-1.5">
            <AlertDialog.Title className="text-lg font-semibold leading-tight tracking-tight">{title}</AlertDialog.Title>
            <AlertDialog.Description className="text-sm text-muted-foreground">{description}</AlertDialog.Description>
          </div>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <AlertDialog.Cancel asChild>
              <Button variant="secondary" disabled={pending}>
                {cancelLabel}
              </Button>
            </AlertDialog.Cancel>
            <AlertDialog.Action asChild>
              <Button variant={destructive ? 'destructive' : 'primary'} loading={pending} onClick={handleConfirm}>
                {confirmLabel}
              </Button>
            </AlertDialog.Action>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
