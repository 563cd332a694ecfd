import { Tooltip } from '@/components/ui/tooltip';
import { cn } from '@/lib/utils';
import { useNow } from '../hooks/use-now';
import { formatAbsoluteTime, formatRelativeTime } from '@/lib/format';

interface RelativeTimeProps {
  value: string | null | undefined;
  /** Shown when there is no time: "Never", "Not yet". */
  never?: string;
  className?: string;
}

/** "5 minutes ago", with the exact time on hover and keyboard focus. */
export function RelativeTime({ value, never = 'Never', className }: RelativeTimeProps) {
  const now = useNow();
  if (!value) return <span className={cn('text-muted-foreground', className)}>{never}</span>;
  const absolute = formatAbsoluteTime(value);
  return (
    <Tooltip content={absolute}>
      <time
        dateTime={value}
        tabIndex={0}
        aria-label={`${formatRelativeTime(value, now, never)} (${absolute})`}
        className={cn('cursor-default rounded-sm underline decoration-border decoration-dotted underline-offset-4 focus-visible:outline-2 focus-visible:outline-ring', className)}
      >
        {formatRelativeTime(value, now, never)}
      </time>
    </Tooltip>
  );
}
