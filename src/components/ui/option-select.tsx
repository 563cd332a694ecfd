import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from './select';

export interface SelectOption {
  value: string;
  label: string;
}

interface OptionSelectProps {
  /** The accessible name; a visible label, when there is one, is the caller's. */
  label: string;
  /** Null is the empty choice. */
  value: string | null;
  onChange: (value: string | null) => void;
  options: readonly SelectOption[];
  /** The first item, standing for no choice: "All connections", "No preset". */
  emptyLabel: string;
  className?: string;
}

// Radix refuses '' as an item value, and an option's value can be any string (a model or kind named
// "any"): every option's item value is prefixed, so none can be taken for the empty choice.
const EMPTY = 'empty';
const PREFIX = 'option:';

/** A choice among options, or none: the filters' "All connections" and the forms' "No preset". */
export function OptionSelect({ label, value, onChange, options, emptyLabel, className }: OptionSelectProps) {
  return (
    <Select value={value === null ? EMPTY : PREFIX + value} onValueChange={(next) => onChange(next.startsWith(PREFIX) ? next.slice(PREFIX.length) : null)}>
      <SelectTrigger aria-label={label} className={className}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={EMPTY}>{emptyLabel}</SelectItem>
        {options.map((option) => (
          <SelectItem key={option.value} value={PREFIX + option.value}>
            {option.label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
