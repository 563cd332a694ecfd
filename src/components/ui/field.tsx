import { isValidElement, useId, type ReactNode } from 'react';
import { CircleAlert } from 'lucide-react';
import { cn } from '@/lib/utils';
import { FieldControlContext } from './field-context';
import { Label } from './label';

interface FieldProps {
  label: ReactNode;
  /**
   * The one control this field labels: an Input, PasswordInput, Textarea, Select (its trigger is the
   * control), Checkbox or Switch; any other control can join through `useFieldControl`.
   */
  children: ReactNode;
  hint?: ReactNode;
  /** Shown under the control; also marks the control invalid for assistive technology. */
  error?: ReactNode;
  /** Shown next to the label, e.g. "Optional". */
  labelAside?: ReactNode;
  className?: string;
}

/**
 * A label, its control, a hint and an error, wired together: the label names the control, and the
 * error and hint describe it (aria-describedby), with aria-invalid set while there is an error.
 */
export function Field({ label, children, hint, error, labelAside, className }: FieldProps) {
  const generatedId = useId();
  const ownId = isValidElement<{ id?: unknown }>(children) && typeof children.props.id === 'string' ? children.props.id : undefined;
  const controlId = ownId ?? `${generatedId}-control`;
  const hintId = `${generatedId}-hint`;
  const errorId = `${generatedId}-error`;
  const hasError = error !== undefined && error !== null && error !== false && error !== '';
  const describedBy = [hasError ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cn('grid gap-1.5', className)}>
      <div className="flex items-baseline justify-between gap-2">
        <Label htmlFor={controlId}>{label}</Label>
        {labelAside ? <span className="text-xs text-muted-foreground">{labelAside}</span> : null}
      </div>
      <FieldControlContext.Provider value={{ id: controlId, describedBy, invalid: hasError }}>{children}</FieldControlContext.Provider>
      {hasError ? (
        <div id={errorId} className="flex items-start gap-1.5 text-sm text-destructive-soft-foreground">
          <CircleAlert aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
          <div className="min-w-0">{error}</div>
        </div>
      ) : null}
      {hint ? (
        <p id={hintId} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
