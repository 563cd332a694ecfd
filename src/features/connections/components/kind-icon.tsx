import { cn } from '@/lib/utils';
import type { ProviderKind } from '../types/connections';

const MONOGRAMS: Record<string, string> = {
  openai: 'OA',
  anthropic: 'An',
  openrouter: 'OR',
  requesty: 'Rq',
  groq: 'Gq',
  mistral: 'Mi',
  gemini: 'Ge',
  together: 'To',
  ollama: 'Ol',
  lmstudio: 'LM',
  llamacpp: 'cpp',
  vllm: 'vL',
  openai_compatible: 'API',
  custom: '</>',
};

/** Kinds added later (as data) still get a sensible mark: the initials of their label. */
function monogramOf(kind: string, label: string | undefined): string {
  const known = MONOGRAMS[kind];
  if (known) return known;
  const words = (label ?? kind).split(/[\s_-]+/).filter(Boolean);
  const initials = words.length > 1 ? words.slice(0, 2).map((w) => w[0]) : [...(words[0] ?? '?').slice(0, 2)];
  return initials.join('');
}

interface KindIconProps {
  kind: string;
  providerKind?: Pick<ProviderKind, 'label' | 'category'>;
  size?: 'sm' | 'md' | 'lg';
  className?: string;
}

/** A calm mark for a connection's kind; its name is always written next to it, so it is decorative. */
export function KindIcon({ kind, providerKind, size = 'md', className }: KindIconProps) {
  const monogram = monogramOf(kind, providerKind?.label);
  const cloud = providerKind?.category === 'cloud';
  return (
    <span
      aria-hidden="true"
      className={cn(
        'inline-flex shrink-0 select-none items-center justify-center rounded-lg border font-semibold tracking-tight',
        cloud ? 'border-transparent bg-accent text-accent-foreground' : 'border-border bg-muted text-foreground',
        size === 'sm' && 'size-7 text-[10px]',
        size === 'md' && 'size-9 text-xs',
        size === 'lg' && 'size-11 text-sm',
        monogram.length > 2 && 'tracking-tighter',
        className,
      )}
    >
      {monogram}
    </span>
  );
}
