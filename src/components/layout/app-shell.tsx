import { useState, type ComponentType, type ReactNode, type SVGProps } from 'react';
import { NavLink, useLocation } from 'react-router';
import { Dialog as DialogPrimitive } from 'radix-ui';
import { LogOut, Menu, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/utils';
import { Logo } from './logo';
import { SkipLink } from './skip-link';

export interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
}

export interface NavSection {
  /** Shown above the items; omit for an untitled group. */
  label?: string;
  items: NavItem[];
}

export interface AppShellProps {
  navigation: NavSection[];
  userEmail: string;
  onSignOut: () => void;
  signingOut?: boolean;
  children: ReactNode;
}

function NavList({ navigation, onNavigate }: { navigation: NavSection[]; onNavigate?: () => void }) {
  return (
    <div className="grid gap-6">
      {navigation.map((section, index) => (
        <div key={section.label ?? index} className="grid gap-1">
          {section.label ? <p className="px-3 pb-1 text-xs font-medium uppercase tracking-wider text-muted-foreground">{section.label}</p> : null}
          <ul className="grid gap-0.5">
            {section.items.map(({ label, to, icon: Icon }) => (
              <li key={to}>
                <NavLink
                  to={to}
                  onClick={onNavigate}
                  className={({ isActive }) =>
                    cn(
                      'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors',
                      'focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-ring',
                      isActive ? 'bg-accent text-accent-foreground' : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                    )
                  }
                >
                  <Icon aria-hidden="true" className="size-4 shrink-0" />
                  {label}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Account({ userEmail, onSignOut, signingOut }: Pick<AppShellProps, 'userEmail' | 'onSignOut' | 'signingOut'>) {
  const initial = userEmail.trim().charAt(0).toUpperCase() || '?';
  return (
    <div className="grid gap-1 border-t border-border pt-3">
      <div className="flex min-w-0 items-center gap-3 px-3 py-1.5">
        <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-full bg-accent text-sm font-semibold text-accent-foreground">
          {initial}
        </span>
        <div className="min-w-0 flex-1">
          <p className="text-xs text-muted-foreground">Signed in as</p>
          <p className="truncate text-sm font-medium" title={userEmail}>
            {userEmail}
          </p>
        </div>
      </div>
      <Button variant="ghost" className="justify-start gap-3 px-3 font-medium text-muted-foreground hover:text-foreground" loading={signingOut} onClick={onSignOut}>
        {signingOut ? null : <LogOut />}
        Sign out
      </Button>
    </div>
  );
}

/**
 * The frame around every signed-in page: a sidebar on wide screens, a top bar with a slide-in menu on
 * narrow ones, a skip link, and the signed-in account with a sign-out control.
 */
export function AppShell({ navigation, userEmail, onSignOut, signingOut = false, children }: AppShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const [lastPath, setLastPath] = useState(location.pathname);
  // Close the mobile menu whenever the page changes, however the change happened.
  if (lastPath !== location.pathname) {
    setLastPath(location.pathname);
    if (menuOpen) setMenuOpen(false);
  }

  return (
    <div className="min-h-dvh bg-background">
      <SkipLink />

      <aside className="fixed inset-y-0 left-0 z-30 hidden w-[17rem] flex-col border-r border-border bg-surface lg:flex">
        <div className="flex h-16 shrink-0 items-center px-5">
          <Logo />
        </div>
        <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
          <NavList navigation={navigation} />
        </nav>
        <div className="p-3">
          <Account userEmail={userEmail} onSignOut={onSignOut} signingOut={signingOut} />
        </div>
      </aside>

      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface/90 px-4 backdrop-blur lg:hidden">
        <DialogPrimitive.Root open={menuOpen} onOpenChange={setMenuOpen}>
          <DialogPrimitive.Trigger asChild>
            <Button variant="ghost" size="icon" aria-label="Open navigation">
              <Menu />
            </Button>
          </DialogPrimitive.Trigger>
          <DialogPrimitive.Portal>
            <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-black/40 animate-fade-in" />
            <DialogPrimitive.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col border-r border-border bg-surface shadow-overlay animate-fade-in focus:outline-none">
              <div className="flex h-14 shrink-0 items-center justify-between px-4">
                <DialogPrimitive.Title asChild>
                  <div>
                    <Logo />
                    <span className="sr-only">Navigation</span>
                  </div>
                </DialogPrimitive.Title>
                <DialogPrimitive.Description className="sr-only">Go to another page of Switchboard.</DialogPrimitive.Description>
                <DialogPrimitive.Close asChild>
                  <Button variant="ghost" size="icon" aria-label="Close navigation">
                    <X />
                  </Button>
                </DialogPrimitive.Close>
              </div>
              <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
                <NavList navigation={navigation} onNavigate={() => setMenuOpen(false)} />
              </nav>
              <div className="p-3">
                <Account userEmail={userEmail} onSignOut={onSignOut} signingOut={signingOut} />
              </div>
            </DialogPrimitive.Content>
          </DialogPrimitive.Portal>
        </DialogPrimitive.Root>
        <Logo />
      </header>

      <main id="main-content" tabIndex={-1} className="focus:outline-none lg:pl-[17rem]">
        <div className="mx-auto w-full max-w-5xl px-4 py-6 sm:px-6 sm:py-8 lg:px-10 lg:py-10">{children}</div>
      </main>
    </div>
  );
}
