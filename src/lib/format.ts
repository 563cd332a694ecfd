/** Numbers, sizes and times as people read them; shared by every feature. */

const UNITS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/**
 * "just now", "5 minutes ago", "yesterday", "3 weeks ago", "in 2 hours". Null (never happened) is
 * the caller's `never` text.
 */
export function formatRelativeTime(value: string | Date | null | undefined, now: Date = new Date(), never = 'Never'): string {
  if (value === null || value === undefined) return never;
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return never;
  const seconds = (date.getTime() - now.getTime()) / 1000;
  const magnitude = Math.abs(seconds);
  if (magnitude < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (magnitude >= size * 0.95 || unit === 'minute') {
      const amount = Math.max(1, Math.round(magnitude / size));
      return relativeFormat.format(seconds < 0 ? -amount : amount, unit);
    }
  }
  return 'just now';
}

const absoluteFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

/** "Nov 25, 2026, 2:05:09 PM" in the viewer's time zone. */
export function formatAbsoluteTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : absoluteFormat.format(date);
}

/** 1 -> "1 model", 12 -> "12 models". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** "Name", "Name and base URL", "Name, base URL and kind". */
export function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const KIBI = 1024;
const MEBI = 1024 * 1024;

/**
 * A context window as its provider states it. A whole number of thousands is decimal (GPT-4o's 128,000
 * and Claude's 200,000 read "128K" and "200K"); a multiple of 1024 otherwise is binary, the way OpenAI's
 * and Ollama's docs say Llama's 131,072: "128K". At most one decimal for millions: 1,048,576 -> "1M",
 * 1,572,864 -> "1.5M". Unknown is "—".
 */
export function formatContextLength(tokens: number | null | undefined): string {
  if (!tokens) return '—';
  // 128,000 is also a multiple of 1024 (125K): a round decimal number is read as one.
  const binary = tokens % 1000 !== 0 && tokens % KIBI === 0;
  const mega = binary ? MEBI : 1_000_000;
  const kilo = binary ? KIBI : 1_000;
  // 999,999 rounds to 1,000K: it is said as "1M".
  if (tokens >= mega || Math.round(tokens / kilo) >= 1000) return `${Number((tokens / mega).toFixed(1))}M`;
  if (tokens >= kilo) return `${Math.round(tokens / kilo)}K`;
  return String(tokens);
}

/** Model file sizes: 4_700_000_000 -> "4.7 GB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!bytes) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
