import type { MouseEvent } from 'react';

/** The first stop for keyboard users: jumps past the navigation to the page's content. */
export function SkipLink({ targetId = 'main-content' }: { targetId?: string }) {
  // Focus the target directly instead of following the hash, so the router's URL stays untouched.
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    const target = document.getElementById(targetId);
    if (!target) return;
    event.preventDefault();
    target.focus();
  };
  return (
    <a
      href={`#${targetId}`}
      onClick={skip}
      className="sr-only z-[60] rounded-md bg-primary px-4 py-2 text-sm font-medium text-primary-foreground shadow-overlay focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
    >
      Skip to content
    </a>
  );
}
