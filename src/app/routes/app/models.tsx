import { PageHeader } from '@/components/ui/page-header';
import { ModelCatalogPage } from '@/features/models/components/model-catalog-page';
import { ModelsSyncBadge } from '@/features/models/components/models-sync-badge';

export default function ModelsRoute() {
  return (
    <div className="grid gap-8">
      <title>Models · Switchboard</title>
      <PageHeader
        title="Models"
        description="Every model your connections offer, in one catalog. Star favorites to pin them in every model picker; switch models off to keep them out of pickers."
        actions={<ModelsSyncBadge />}
      />
      <ModelCatalogPage />
    </div>
  );
}
