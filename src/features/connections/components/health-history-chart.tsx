import { CartesianGrid, ComposedChart, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { HealthCheck, HealthStatus } from '../types/connections';
import { formatLatency, statusLabels, toHealthStatus } from '../utils/format';
import { formatAbsoluteTime } from '@/lib/format';
import { STATUS_COLORS, summarizeChecks } from '../utils/health-stats';

interface Point {
  index: number;
  time: string;
  status: HealthStatus;
  latency: number | null;
  /** Checks without an answer are drawn on the baseline. */
  failed: number | null;
  error: string | null;
}

interface DotProps {
  cx?: number;
  cy?: number;
  payload?: Point;
}

function StatusDot({ cx, cy, payload }: DotProps) {
  if (cx === undefined || cy === undefined || !payload) return null;
  return <circle cx={cx} cy={cy} r={3.5} style={{ fill: STATUS_COLORS[payload.status], stroke: 'var(--surface)', strokeWidth: 1.5 }} />;
}

function FailedMark({ cx, cy, payload }: DotProps) {
  // Recharts falls back to the chart's data for an empty series: draw only checks without an answer.
  if (cx === undefined || cy === undefined || !payload || payload.failed === null || !Number.isFinite(cy)) return null;
  const color = STATUS_COLORS[payload.status === 'unknown' ? 'unknown' : 'unhealthy'];
  return (
    <g style={{ stroke: color, strokeWidth: 2, strokeLinecap: 'round' }}>
      <line x1={cx - 3.5} y1={cy - 3.5} x2={cx + 3.5} y2={cy + 3.5} />
      <line x1={cx - 3.5} y1={cy + 3.5} x2={cx + 3.5} y2={cy - 3.5} />
    </g>
  );
}

function ChartTooltip({ active, payload }: { active?: boolean; payload?: ReadonlyArray<{ payload?: Point }> }) {
  const point = active ? payload?.[0]?.payload : undefined;
  if (!point) return null;
  return (
    <div className="max-w-xs rounded-md border border-border bg-surface-raised px-3 py-2 text-xs shadow-overlay">
      <p className="font-medium">{formatAbsoluteTime(point.time)}</p>
      <p className="mt-1 flex items-center gap-1.5">
        <span aria-hidden="true" className="size-2 rounded-full" style={{ backgroundColor: STATUS_COLORS[point.status] }} />
        {statusLabels[point.status]} · {formatLatency(point.latency)}
      </p>
      {point.error ? <p className="mt-1 text-muted-foreground">{point.error}</p> : null}
    </div>
  );
}

const withSeconds = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
const shortTime = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });
const shortDate = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

/** Latency over the latest checks, each dot in its status color; checks without an answer are crosses on the baseline. */
export function HealthHistoryChart({ checks }: { checks: readonly HealthCheck[] }) {
  const points: Point[] = checks.map((check, index) => {
    const latency = typeof check.latency_ms === 'number' ? check.latency_ms : null;
    return { index, time: check.checked_at, status: toHealthStatus(check.status), latency, failed: latency === null ? 0 : null, error: check.error };
  });
  const summary = summarizeChecks(checks);
  const first = points[0] ? new Date(points[0].time) : new Date();
  const last = points[points.length - 1] ? new Date(points[points.length - 1]!.time) : first;
  const spanMs = last.getTime() - first.getTime();
  // Label ticks as finely as the span needs: seconds for a burst of checks, dates for weeks.
  const format = first.toDateString() !== last.toDateString() ? shortDate : spanMs < 30 * 60_000 ? withSeconds : shortTime;
  const label = (index: number) => {
    const point = points[index];
    return point ? format.format(new Date(point.time)) : '';
  };
  const parts = (['healthy', 'degraded', 'unhealthy', 'unknown'] as const).filter((s) => summary.counts[s] > 0).map((s) => `${summary.counts[s]} ${s === 'unknown' ? 'inconclusive' : s}`);
  const description = `${summary.total === 1 ? 'The only check so far' : `Latest ${summary.total} checks`}: ${parts.join(', ')}.${summary.medianMs !== null ? ` Median latency ${formatLatency(summary.medianMs)}, 95th percentile ${formatLatency(summary.p95Ms)}.` : ''}`;

  return (
    <figure className="grid gap-3">
      <div role="img" aria-label={description} className="h-56 w-full text-muted-foreground">
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--border)" />
            <XAxis dataKey="index" type="number" domain={[0, Math.max(points.length - 1, 1)]} tickFormatter={label} tick={{ fontSize: 11, fill: 'currentColor' }} stroke="var(--border)" tickLine={false} allowDecimals={false} padding={{ left: 12, right: 12 }} minTickGap={24} />
            <YAxis width={64} tickFormatter={(value: number) => formatLatency(value)} tick={{ fontSize: 11, fill: 'currentColor' }} stroke="var(--border)" tickLine={false} axisLine={false} domain={[0, 'auto']} />
            <Tooltip content={<ChartTooltip />} cursor={{ stroke: 'var(--border)' }} isAnimationActive={false} />
            <Line type="linear" dataKey="latency" stroke="var(--muted-foreground)" strokeOpacity={0.6} strokeWidth={1.5} dot={<StatusDot />} activeDot={false} connectNulls isAnimationActive={false} />
            <Scatter data={points.filter((p) => p.failed !== null)} dataKey="failed" shape={<FailedMark />} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
        <span>{description}</span>
        <span className="flex flex-wrap items-center gap-3" aria-hidden="true">
          {(['healthy', 'degraded', 'unhealthy'] as const).map((status) => (
            <span key={status} className="inline-flex items-center gap-1.5">
              <span className="size-2 rounded-full" style={{ backgroundColor: STATUS_COLORS[status] }} />
              {statusLabels[status]}
            </span>
          ))}
          <span className="inline-flex items-center gap-1.5">× No answer</span>
        </span>
      </figcaption>
    </figure>
  );
}
