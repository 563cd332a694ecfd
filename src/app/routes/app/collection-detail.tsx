import { useParams } from 'react-router';
import { CollectionDetailPage } from '@/features/generations/components/collection-detail-page';

export default function CollectionDetailRoute() {
  const { collectionId = '' } = useParams();
  return <CollectionDetailPage collectionId={collectionId} />;
}
