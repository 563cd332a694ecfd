import { memo, useState } from 'react';
import { useNavigate } from 'react-router';
import { Copy, FolderPlus, Maximize2, RotateCcw, Trash2 } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { DropdownMenu, DropdownMenuCheckboxItem, DropdownMenuContent, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { toast } from '@/components/ui/toast';
import { paths } from '@/config/paths';
import { formatRelativeTime } from '@/lib/format';
import { useCollections, useMemberships, useSetMembership } from '../api/collections';
import { useDeleteGeneration } from '../api/generations';
import type { Generation } from '../types/generations';
import { HeartButton } from './heart-button';

const STATUS: Record<string, { tone: 'healthy' | 'degraded' | 'unhealthy' | 'unknown'; label: string }> = {
  completed: { tone: 'healthy', label: 'Completed' },
  streaming: { tone: 'degraded', label: 'Streaming' },
  pending: { tone: 'unknown', label: 'Pending' },
  cancelled: { tone: 'unknown', label: 'Cancelled' },
  error: { tone: 'unhealthy', label: 'Error' },
};

/** One saved run: prompt and answer, heart, collections, copy, run again, delete. */
export const GenerationCard = memo(function GenerationCard({ generation }: { generation: Generation }) {
  const [open, setOpen] = useState(false);
  const remove = useDeleteGeneration();
  const navigate = useNavigate();
  const status = STATUS[generation.status] ?? STATUS.pending!;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(generation.output);
      toast.success('Answer copied');
    } catch {
      toast.error('The answer could not be copied', 'Your browser did not allow it; select the text instead.');
    }
  };
  const rerun = () =>
    navigate(paths.playground, {
      state: { rerun: { choice: { connectionId: generation.connection_id, modelId: generation.model_id }, prompt: generation.prompt, systemPrompt: generation.system_prompt, parameters: generation.parameters } },
    });

  return (
    <article aria-label={`Generation: ${generation.prompt.slice(0, 60)}`} className="grid gap-2 rounded-lg border border-border bg-surface p-4">
      <header className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
        <span className="font-mono text-foreground">{generation.model_id}</span>
        <span>on {generation.connection_name ?? 'a deleted connection'}</span>
        <span>· {formatRelativeTime(generation.created_at)}</span>
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
      </header>
      <p className="line-clamp-2 text-sm font-medium">{generation.prompt}</p>
      <p className="line-clamp-3 whitespace-pre-wrap text-sm text-muted-foreground">{generation.output || (generation.error ?? 'No output.')}</p>
      <footer className="flex flex-wrap items-center gap-1">
        <HeartButton generationId={generation.id} />
        <CollectionsMenu generationId={generation.id} />
        <Button size="icon-sm" variant="ghost" aria-label="Open the whole generation" onClick={() => setOpen(true)}>
          <Maximize2 />
        </Button>
        <Button size="icon-sm" variant="ghost" aria-label="Copy the answer" onClick={() => void copy()}>
          <Copy />
        </Button>
        <Button size="icon-sm" variant="ghost" aria-label="Run again in the playground" onClick={rerun} disabled={!generation.connection_id}>
          <RotateCcw />
        </Button>
        <ConfirmDialog
          title="Delete this generation?"
          description="It is removed from your favorites and from every collection too."
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove.mutateAsync(generation.id).catch(() => toast.error('The generation could not be deleted', 'Check your connection and try again.'))}
          trigger={
            <Button size="icon-sm" variant="ghost" aria-label="Delete this generation">
              <Trash2 />
            </Button>
          }
        />
      </footer>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-h-[85vh] max-w-2xl overflow-y-auto">
          <DialogHeader>
            <DialogTitle>
              {generation.model_id} · {formatRelativeTime(generation.created_at)}
            </DialogTitle>
            <DialogDescription>
              {[generation.latency_ms !== null ? `${(generation.latency_ms / 1000).toFixed(1)} s` : null, generation.prompt_tokens !== null ? `${generation.prompt_tokens} tokens in` : null, generation.completion_tokens !== null ? `${generation.completion_tokens} tokens out` : null]
                .filter(Boolean)
                .join(' · ') || 'No timings recorded.'}
            </DialogDescription>
          </DialogHeader>
          {generation.system_prompt ? <p className="text-xs text-muted-foreground">System: {generation.system_prompt}</p> : null}
          <div className="flex items-center gap-1">
            <HeartButton generationId={generation.id} />
            <CollectionsMenu generationId={generation.id} />
          </div>
          <h3 className="text-sm font-semibold">Prompt</h3>
          <p className="whitespace-pre-wrap text-sm">{generation.prompt}</p>
          <h3 className="text-sm font-semibold">Answer</h3>
          <p className="whitespace-pre-wrap text-sm">{generation.output || generation.error || 'No output.'}</p>
        </DialogContent>
      </Dialog>
    </article>
  );
});

function CollectionsMenu({ generationId }: { generationId: string }) {
  const [open, setOpen] = useState(false);
  const collections = useCollections();
  const memberships = useMemberships(generationId, open);
  const setMembership = useSetMembership();
  return (
    <DropdownMenu open={open} onOpenChange={setOpen}>
      <DropdownMenuTrigger asChild>
        <Button size="icon-sm" variant="ghost" aria-label="Add to collections">
          <FolderPlus />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start">
        <DropdownMenuLabel>Collections</DropdownMenuLabel>
        {(collections.data ?? []).length === 0 ? <p className="px-2 py-1.5 text-sm text-muted-foreground">No collections yet: create one on the Collections page.</p> : null}
        {(collections.data ?? []).map((collection) => (
          <DropdownMenuCheckboxItem
            key={collection.id}
            checked={memberships.data?.has(collection.id) ?? false}
            disabled={memberships.isPending}
            onCheckedChange={(member) =>
              setMembership.mutate({ collectionId: collection.id, generationId, member: member === true }, { onError: () => toast.error(`“${collection.title}” could not be changed`, 'Check your connection and try again.') })
            }
          >
            {collection.title}
          </DropdownMenuCheckboxItem>
        ))}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
