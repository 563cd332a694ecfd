import { cn } from '@/lib/utils';

/** Switchboard's mark: three endpoints patched into one line. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" fill="none" aria-hidden="true" className={cn('size-7', className)}>
      <rect width="32" height="32" rx="8" className="fill-primary" />
      <circle cx="10" cy="11" r="2.5" fill="#fff" />
      <circle cx="10" cy="21" r="2.5" fill="#fff" />
      <circle cx="22" cy="16" r="2.5" fill="#fff" />
      <path d="M12.5 11h3a3 3 0 0 1 3 3v.5M12.5 21h3a3 3 0 0 0 3-3v-.5" stroke="#fff" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  );
}

export function Logo({ className }: { className?: string }) {
  return (
    <span className={cn('inline-flex items-center gap-2.5', className)}>
      <LogoMark />
      <span className="text-[15px] font-semibold tracking-tight">Switchboard</span>
    </span>
  );
}
