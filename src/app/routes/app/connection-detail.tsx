import { useParams } from 'react-router';
import { useSession } from '@/features/auth/hooks/use-session';
import { ConnectionDetailPage } from '@/features/connections/components/connection-detail-page';

export default function ConnectionDetailRoute() {
  const { connectionId = '' } = useParams();
  const { user } = useSession();
  // Keyed by id: moving between connections starts each page from a clean state.
  return <ConnectionDetailPage key={connectionId} connectionId={connectionId} viewerId={user?.id} />;
}
