import { Badge } from '@/components/ui/badge';
import type { HealthStatus } from '../types/connections';
import { describeStatus } from '../utils/format';

/** Status with color and words: the words carry the meaning, the color only helps the eye. */
export function HealthBadge({ status, checkedAt, className }: { status: HealthStatus; checkedAt?: string | null; className?: string }) {
  return (
    <Badge tone={status} dot className={className}>
      {describeStatus(status, checkedAt)}
    </Badge>
  );
}
