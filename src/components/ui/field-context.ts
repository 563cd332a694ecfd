import { createContext, useContext } from 'react';

type AriaInvalid = boolean | 'true' | 'false' | 'grammar' | 'spelling' | undefined;

interface FieldControlContextValue {
  id: string;
  describedBy: string | undefined;
  invalid: boolean;
}

export const FieldControlContext = createContext<FieldControlContextValue | null>(null);

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: AriaInvalid;
}

/**
 * The id and ARIA wiring a control gets from the Field around it (none outside a Field). The control's
 * own props win; its own description comes before the field's error and hint.
 */
export function useFieldControl(props: ControlProps): ControlProps {
  const field = useContext(FieldControlContext);
  if (!field) return { id: props.id, 'aria-describedby': props['aria-describedby'], 'aria-invalid': props['aria-invalid'] };
  return {
    id: props.id ?? field.id,
    'aria-describedby': [props['aria-describedby'], field.describedBy].filter(Boolean).join(' ') || undefined,
    'aria-invalid': props['aria-invalid'] ?? (field.invalid || undefined),
  };
}
