import type { ReactNode } from 'react';
import { TriangleAlert } from 'lucide-react';
import { Button } from '@/components/ui/button';

interface ErrorPageProps {
  title?: string;
  message?: ReactNode;
  /** The technical detail, for a bug report. */
  detail?: string;
}

/** A whole-page error with a way out. Used when a page or the app itself fails to load or render. */
export function ErrorPage({
  title = 'Something went wrong',
  message = 'This page could not be shown. Reload to try again; if it keeps happening, the details below help whoever runs this server.',
  detail,
}: ErrorPageProps) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-background px-4">
      <div className="grid max-w-md justify-items-center gap-4 text-center">
        <div className="flex size-12 items-center justify-center rounded-full bg-destructive-soft text-destructive-soft-foreground">
          <TriangleAlert aria-hidden="true" className="size-6" />
        </div>
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        <p className="text-sm text-muted-foreground">{message}</p>
        {detail ? <pre className="max-w-full overflow-x-auto rounded-lg bg-muted px-3 py-2 text-left font-mono text-xs">{detail}</pre> : null}
        <div className="flex gap-2">
          <Button onClick={() => window.location.reload()}>Reload</Button>
          <Button variant="secondary" asChild>
            <a href="/">Go to the start page</a>
          </Button>
        </div>
      </div>
    </main>
  );
}
