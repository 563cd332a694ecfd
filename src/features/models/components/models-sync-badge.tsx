import { useQuery } from '@tanstack/react-query';
import { SyncBadge } from '@/components/ui/sync-badge';
import { toast } from '@/components/ui/toast';
import { keyChangesQueryOptions } from '../api/get-key-changes';
import { useModelsApi } from '../api/models-api';
import { describeModelsError } from '../utils/describe-error';
import { useResyncModels } from '../hooks/use-model-preferences';
import { usePreferencesStore } from '../stores/app-preferences-store';

/**
 * How fresh this tab's model preferences are, with a refresh. After an API key changed (a new key
 * can list other models) the tooltip reminds to refresh until the next sync.
 */
export function ModelsSyncBadge() {
  const api = useModelsApi();
  const lastSyncedAt = usePreferencesStore((state) => state.lastSyncedAt);
  const refreshing = usePreferencesStore((state) => state.refreshing);
  const resync = useResyncModels();
  const { data: keyChanges } = useQuery(keyChangesQueryOptions(api.getKeyChanges));
  const keyChangedSinceSync = lastSyncedAt !== null && (keyChanges ?? []).some((change) => Date.parse(change.updated_at) > lastSyncedAt);

  const refresh = async () => {
    const outcome = await resync();
    if (!outcome.ok) toast.error(describeModelsError(outcome.error, 'Your model preferences could not be refreshed'));
  };

  return (
    <SyncBadge
      subject="model preferences"
      lastSyncedAt={lastSyncedAt}
      refreshing={refreshing}
      onRefresh={() => void refresh()}
      reminder={keyChangedSinceSync ? 'An API key changed since your last sync: refresh to see the models it gives you.' : null}
    />
  );
}
