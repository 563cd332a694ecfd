import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { FolderOpen, Pencil, Trash2 } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { collectionPath } from '@/config/paths';
import { plural } from '@/lib/format';
import { collectionTitleProblem } from '../utils/collection-title';
import { useCollections, useCreateCollection, useDeleteCollection, useRenameCollection, type CollectionSummary } from '../api/collections';
import { describeCollectionError } from '../utils/collection-errors';

/** The collections with their item counts: create, rename, delete. */
export function CollectionsPage() {
  const collections = useCollections();
  const create = useCreateCollection();
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = collectionTitleProblem(title);
    if (invalid) return setProblem(invalid);
    try {
      await create.mutateAsync(title);
      toast.success(`Created “${title.trim()}”`);
      setTitle('');
      setProblem(null);
    } catch (error) {
      setProblem(describeCollectionError(error, title));
    }
  };

  return (
    <div className="grid gap-6">
      <form onSubmit={(event) => void submit(event)} className="flex flex-wrap items-end gap-3" noValidate>
        <Field label="New collection" error={problem ?? undefined} className="min-w-64 flex-1">
          <Input name="title" value={title} onChange={(event) => setTitle(event.target.value)} placeholder="e.g. Good openings" />
        </Field>
        <Button type="submit" loading={create.isPending}>
          Create collection
        </Button>
      </form>
      {collections.isPending ? (
        <Skeleton className="h-24" />
      ) : (collections.data ?? []).length === 0 ? (
        <EmptyState icon={FolderOpen} title="No collections yet" description="Create one above, then add generations to it from their cards." />
      ) : (
        <ul aria-label="Your collections" className="divide-y divide-border rounded-lg border border-border">
          {collections.data!.map((collection) => (
            <CollectionRow key={collection.id} collection={collection} />
          ))}
        </ul>
      )}
    </div>
  );
}

function CollectionRow({ collection }: { collection: CollectionSummary }) {
  const rename = useRenameCollection();
  const remove = useDeleteCollection();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(collection.title);
  const [problem, setProblem] = useState<string | null>(null);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const invalid = collectionTitleProblem(title);
    if (invalid) return setProblem(invalid);
    try {
      await rename.mutateAsync({ id: collection.id, title });
      setEditing(false);
      setProblem(null);
    } catch (error) {
      setProblem(describeCollectionError(error, title));
    }
  };

  return (
    <li aria-label={collection.title} className="flex flex-wrap items-center gap-3 px-3 py-2.5">
      {editing ? (
        <form onSubmit={(event) => void save(event)} className="flex flex-1 flex-wrap items-end gap-2" noValidate>
          <Field label={`New title for ${collection.title}`} error={problem ?? undefined} className="min-w-56 flex-1">
            <Input name="title" value={title} onChange={(event) => setTitle(event.target.value)} autoFocus />
          </Field>
          <Button type="submit" size="sm" loading={rename.isPending}>
            Save
          </Button>
          <Button type="button" size="sm" variant="ghost" onClick={() => setEditing(false)}>
            Cancel
          </Button>
        </form>
      ) : (
        <>
          <div className="min-w-0 flex-1">
            <Link className="font-medium hover:underline" to={collectionPath(collection.id)}>
              {collection.title}
            </Link>
            <p className="text-xs text-muted-foreground">{plural(Number(collection.item_count), 'generation')}</p>
          </div>
          <Button size="icon-sm" variant="ghost" aria-label={`Rename ${collection.title}`} onClick={() => setEditing(true)}>
            <Pencil />
          </Button>
          <ConfirmDialog
            title={`Delete “${collection.title}”?`}
            description="The collection goes; the generations in it stay in your history."
            confirmLabel="Delete"
            destructive
            onConfirm={() => remove.mutateAsync(collection.id).catch(() => toast.error('The collection could not be deleted', 'Check your connection and try again.'))}
            trigger={
              <Button size="icon-sm" variant="ghost" aria-label={`Delete ${collection.title}`}>
                <Trash2 />
              </Button>
            }
          />
        </>
      )}
    </li>
  );
}
