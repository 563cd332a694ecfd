import type { ReactNode } from 'react';
import { Logo } from '@/components/layout/logo';

interface AuthLayoutProps {
  title: string;
  description: ReactNode;
  children: ReactNode;
  /** Below the card: usually the link to the other auth page. */
  footer?: ReactNode;
}

export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  return (
    <div className="flex min-h-dvh flex-col bg-background">
      <main id="main-content" className="flex flex-1 flex-col items-center justify-center px-4 py-12">
        <div className="w-full max-w-sm">
          <div className="mb-8 flex justify-center">
            <Logo />
          </div>
          <div className="rounded-xl border border-border bg-surface p-6 shadow-card sm:p-8">
            <div className="mb-6 grid gap-1.5">
              <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
              <p className="text-sm text-muted-foreground">{description}</p>
            </div>
            {children}
          </div>
          {footer ? <div className="mt-6 text-center text-sm text-muted-foreground">{footer}</div> : null}
        </div>
      </main>
      <footer className="pb-6 text-center text-xs text-muted-foreground">Every AI model you use, connected in one place.</footer>
    </div>
  );
}
