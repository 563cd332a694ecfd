import { Link, useLocation } from 'react-router';
import { MapPinOff } from 'lucide-react';
import { Logo } from '@/components/layout/logo';
import { Button } from '@/components/ui/button';
import { DEFAULT_APP_PATH } from '@/config/paths';

export default function NotFoundRoute() {
  const location = useLocation();
  return (
    <main id="main-content" className="flex min-h-dvh flex-col items-center justify-center gap-10 bg-background px-4 py-12">
      <title>Page not found · Switchboard</title>
      <Logo />
      <div className="grid max-w-md justify-items-center gap-4 text-center">
        <div className="flex size-12 items-center justify-center rounded-full bg-accent text-accent-foreground">
          <MapPinOff aria-hidden="true" className="size-6" />
        </div>
        <p className="text-sm font-medium text-primary">404</p>
        <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
        <p className="text-sm text-muted-foreground">
          There is no page at <code className="break-all rounded bg-muted px-1 py-0.5 font-mono text-xs">{location.pathname}</code>. Check the
          address, or go back to your connections.
        </p>
        <Button asChild>
          <Link to={DEFAULT_APP_PATH}>Go to Connections</Link>
        </Button>
      </div>
    </main>
  );
}
