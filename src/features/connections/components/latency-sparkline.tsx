import { Line, LineChart, YAxis } from 'recharts';
import type { RecentCheck } from '../api/get-recent-health';
import { toHealthStatus } from '../utils/format';
import { STATUS_COLORS } from '../utils/health-stats';

interface DotProps {
  cx?: number;
  cy?: number;
  index?: number;
}

/** The latest checks' latency as a tiny line; failed checks are red dots on the baseline. Decorative: the numbers sit next to it. */
export function LatencySparkline({ checks }: { checks: readonly RecentCheck[] }) {
  if (checks.length === 0) return <span className="block w-[120px] text-center text-xs text-muted-foreground">No checks yet</span>;
  const data = checks.map((check) => ({ latency: check.latency_ms, fail: check.latency_ms === null ? 0 : null, status: toHealthStatus(check.status) }));
  const dot = ({ cx, cy, index }: DotProps) => {
    const point = index === undefined ? undefined : data[index];
    if (cx === undefined || cy === undefined || !point || point.latency === null) return <g key={index} />;
    // Healthy points get a small dot (so a lone check still shows), problems a bigger one.
    return <circle key={index} cx={cx} cy={cy} r={point.status === 'healthy' ? 1.5 : 2.5} style={{ fill: STATUS_COLORS[point.status] }} />;
  };
  const failDot = ({ cx, cy, index }: DotProps) => {
    const point = index === undefined ? undefined : data[index];
    if (cx === undefined || cy === undefined || !point || point.fail === null) return <g key={index} />;
    return <circle key={index} cx={cx} cy={cy} r={2.5} style={{ fill: STATUS_COLORS[point.status === 'unknown' ? 'unknown' : 'unhealthy'] }} />;
  };
  return (
    <div aria-hidden="true" className="text-muted-foreground">
      <LineChart width={120} height={32} data={data} margin={{ top: 4, right: 4, bottom: 4, left: 4 }}>
        <YAxis hide domain={[0, 'dataMax']} />
        <Line type="linear" dataKey="latency" stroke="currentColor" strokeWidth={1.5} dot={dot} activeDot={false} isAnimationActive={false} connectNulls />
        <Line dataKey="fail" stroke="none" dot={failDot} activeDot={false} isAnimationActive={false} />
      </LineChart>
    </div>
  );
}
