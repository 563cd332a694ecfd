import { Link } from 'react-router';
import { PageHeader } from '@/components/ui/page-header';
import { paths } from '@/config/paths';
import { plural } from '@/lib/format';
import { useCollections } from '../api/collections';
import { GenerationList } from './generation-list';

/** One collection's generations, newest first, a page at a time. */
export function CollectionDetailPage({ collectionId }: { collectionId: string }) {
  const collections = useCollections();
  const collection = collections.data?.find((c) => c.id === collectionId);
  return (
    <div className="grid gap-8">
      <title>{`${collection?.title ?? 'Collection'} · Switchboard`}</title>
      <PageHeader
        title={collection?.title ?? (collections.isPending ? 'Collection' : 'Collection not found')}
        description={collection ? plural(Number(collection.item_count), 'generation') : <Link to={paths.collections}>Back to your collections</Link>}
      />
      {collection ? (
        <GenerationList
          filters={{ connectionId: null, modelId: null, favoritesOnly: false, collectionId, search: '' }}
          emptyTitle="This collection is empty"
          emptyDescription="Add generations to it from their cards on the Generations page."
        />
      ) : null}
    </div>
  );
}
