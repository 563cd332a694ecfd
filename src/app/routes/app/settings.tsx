import { LogOut } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { AccountDataCard } from '@/features/account/components/account-data-card';
import { useSignOut } from '@/features/auth/api/sign-out';
import { useSession } from '@/features/auth/hooks/use-session';
import { LegacyImportCard } from '@/features/connections/components/legacy-import-card';

export default function SettingsRoute() {
  const { user } = useSession();
  const signOut = useSignOut();
  return (
    <div className="grid gap-8">
      <title>Settings · Switchboard</title>
      <PageHeader title="Settings" description="Your account on this Switchboard server." />
      <Card>
        <CardHeader>
          <CardTitle>Account</CardTitle>
          <CardDescription>You sign in with this email address and your password.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-1 text-sm">
            <dt className="text-muted-foreground">Email</dt>
            <dd className="font-medium break-all">{user?.email}</dd>
          </dl>
        </CardContent>
        <CardFooter className="justify-between">
          <p className="text-sm text-muted-foreground">Signing out ends your session in this browser only.</p>
          <Button variant="secondary" loading={signOut.isPending} onClick={() => signOut.mutate()}>
            {signOut.isPending ? null : <LogOut />}
            Sign out
          </Button>
        </CardFooter>
      </Card>
      <AccountDataCard />
      <LegacyImportCard />
    </div>
  );
}
