import { useMemo, useState } from 'react';
import { CircleCheck, CircleX, Play, Square, Trash2 } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Checkbox } from '@/components/ui/checkbox';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { formatBytes, formatContextLength, formatRelativeTime, plural } from '@/lib/format';
import { useRuntimeAction } from '../hooks/use-runtime-action';
import { useRuntimeStatus } from '../hooks/use-runtime-status';
import type { RuntimeAction, RuntimeConnection, RuntimeModelView } from '../types/runtime';
import { runBatch, type BatchResult } from '../utils/run-batch';
import { RuntimeStatusBadge } from './runtime-status-badge';

const VERB: Record<RuntimeAction, string> = { load: 'Load', unload: 'Unload', delete: 'Delete' };
const DOING: Record<RuntimeAction, string> = { load: 'Loading', unload: 'Unloading', delete: 'Deleting' };

interface BatchState {
  action: RuntimeAction;
  total: number;
  done: number;
  results: BatchResult[];
  running: boolean;
}

/** One Ollama or LM Studio server: its models, what is in memory, and the controls. */
export function RuntimeConnectionCard({ connection }: { connection: RuntimeConnection }) {
  const { live, stored } = useRuntimeStatus(connection);
  const action = useRuntimeAction(connection);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [batch, setBatch] = useState<BatchState | null>(null);
  const [confirmBatchDelete, setConfirmBatchDelete] = useState(false);

  const unreachable = live.isError || !connection.enabled;
  const models: RuntimeModelView[] = useMemo(
    () => (unreachable ? (stored.data ?? []) : (live.data?.models ?? [])).filter((m) => m.installed),
    [unreachable, stored.data, live.data],
  );
  const busyModel = action.isPending ? action.variables?.modelId : undefined;
  const running = models.filter((m) => m.loaded || m.status === 'running').length;

  const toggle = (modelId: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(modelId);
    else next.delete(modelId);
    setSelected(next);
  };

  const runSelected = async (kind: RuntimeAction) => {
    const ids = models.filter((m) => selected.has(m.model_id)).map((m) => m.model_id);
    setBatch({ action: kind, total: ids.length, done: 0, results: [], running: true });
    const results = await runBatch(
      ids,
      (modelId) => action.mutateAsync({ modelId, action: kind, quiet: true }),
      (done, soFar) => setBatch({ action: kind, total: ids.length, done, results: [...soFar], running: done < ids.length }),
    );
    const failed = results.filter((r) => !r.ok).length;
    if (failed === 0) toast.success(`${VERB[kind]}: ${plural(results.length, 'model')} done`);
    else toast.error(`${VERB[kind]}: ${failed} of ${results.length} failed`, 'The list under the buttons says why for each model.');
    setSelected(new Set());
  };

  return (
    <Card role="region" aria-label={`${connection.name} runtime`}>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle>{connection.name}</CardTitle>
          <CardDescription>
            {connection.kind_label} at <span className="font-mono">{new URL(connection.base_url).host}</span> ·{' '}
            {connection.probe_from === 'browser' ? 'controlled from this browser' : 'controlled by the server'}
          </CardDescription>
        </div>
        <div className="flex items-center gap-2 text-sm text-muted-foreground" aria-live="polite">
          {live.isPending && connection.enabled ? <span>Checking…</span> : null}
          {!unreachable && live.data ? (
            <span>
              {plural(models.length, 'model')} · {running} in memory · checked {formatRelativeTime(live.data.checked_at)}
            </span>
          ) : null}
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!connection.enabled ? <Alert>This connection is turned off. Turn it on on the Connections page to control its models.</Alert> : null}
        {connection.enabled && live.isError ? (
          <Alert tone="error" title="The server cannot be reached">
            {live.error instanceof Error ? live.error.message : 'It did not answer.'} Showing the last known status
            {models[0]?.status_at ? ` (recorded ${formatRelativeTime(latest(models))})` : ''}; checking again in the background.
          </Alert>
        ) : null}

        {selected.size > 0 || batch ? (
          <div className="grid gap-2 rounded-lg border border-border bg-muted/40 p-3" role="group" aria-label="Selected models">
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-medium">{plural(selected.size, 'model')} selected</span>
              <Button size="sm" variant="secondary" disabled={selected.size === 0 || batch?.running} onClick={() => void runSelected('load')}>
                <Play /> Load
              </Button>
              <Button size="sm" variant="secondary" disabled={selected.size === 0 || batch?.running} onClick={() => void runSelected('unload')}>
                <Square /> Unload
              </Button>
              <Button size="sm" variant="secondary" disabled={selected.size === 0 || batch?.running} onClick={() => setConfirmBatchDelete(true)}>
                <Trash2 /> Delete
              </Button>
              {batch ? (
                <span className="text-sm text-muted-foreground" role="status">
                  {batch.running ? `${DOING[batch.action]} ${batch.done + 1 > batch.total ? batch.total : batch.done + 1} of ${batch.total}` : `${VERB[batch.action]}: ${batch.done} of ${batch.total} done`}
                </span>
              ) : null}
            </div>
            {batch && batch.results.length > 0 ? (
              <ul aria-label="Batch results" className="grid gap-1 text-sm">
                {batch.results.map((result) => (
                  <li key={result.id} className="flex items-start gap-2">
                    {result.ok ? <CircleCheck aria-hidden="true" className="mt-0.5 size-4 text-success" /> : <CircleX aria-hidden="true" className="mt-0.5 size-4 text-danger" />}
                    <span>
                      <span className="font-mono">{result.id}</span>: {result.ok ? 'done' : result.message}
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
            <ConfirmDialog
              open={confirmBatchDelete}
              onOpenChange={setConfirmBatchDelete}
              title={`Delete ${plural(selected.size, 'model')} from ${connection.name}?`}
              description="The files are removed from the server. Downloading them again can take a long time."
              confirmLabel="Delete"
              destructive
              onConfirm={() => {
                setConfirmBatchDelete(false);
                void runSelected('delete');
              }}
            />
          </div>
        ) : null}

        {live.isPending && connection.enabled ? (
          <div className="grid gap-2" aria-label="Loading models">
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : models.length === 0 ? (
          <p className="rounded-md border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">
            {unreachable ? 'Nothing is known about this server yet.' : `No models on this server yet. Pull or download one in ${connection.kind_label}, and it shows up here.`}
          </p>
        ) : (
          <ul aria-label={`Models on ${connection.name}`} className="divide-y divide-border rounded-lg border border-border">
            {models.map((model) => (
              <RuntimeModelRow
                key={model.model_id}
                connection={connection}
                model={model}
                stale={unreachable}
                busy={busyModel === model.model_id || (batch?.running ?? false)}
                selected={selected.has(model.model_id)}
                onSelect={(on) => toggle(model.model_id, on)}
                onAction={(kind) => action.mutateAsync({ modelId: model.model_id, action: kind }).catch(() => undefined)}
              />
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

function latest(models: readonly RuntimeModelView[]): string | null {
  return models.reduce<string | null>((best, m) => (m.status_at && (!best || m.status_at > best) ? m.status_at : best), null);
}

interface RuntimeModelRowProps {
  connection: RuntimeConnection;
  model: RuntimeModelView;
  stale: boolean;
  busy: boolean;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onAction: (action: RuntimeAction) => Promise<unknown>;
}

function RuntimeModelRow({ connection, model, stale, busy, selected, onSelect, onAction }: RuntimeModelRowProps) {
  const facts = [model.family, model.parameter_size, model.quantization, formatBytes(model.size_bytes)].filter((f) => f && f !== '—');
  const inMemory = model.status === 'running' || model.loaded;
  return (
    <li className="flex flex-wrap items-center gap-3 px-3 py-2.5" aria-label={model.model_id}>
      <Checkbox checked={selected} onCheckedChange={(on) => onSelect(on === true)} aria-label={`Select ${model.model_id}`} />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="truncate font-mono text-sm font-medium">{model.model_id}</span>
          <RuntimeStatusBadge status={model.status} stale={stale} />
        </div>
        <div className="text-xs text-muted-foreground">
          {facts.join(' · ')}
          {inMemory && model.memory_bytes ? ` · ${formatBytes(model.memory_bytes)} in memory` : ''}
          {inMemory && model.expires_at ? ` · unloads ${formatRelativeTime(model.expires_at)}` : ''}
          {model.context_length ? ` · context ${formatContextLength(model.context_length)}` : ''}
          {stale && model.status_at ? ` · last seen ${formatRelativeTime(model.status_at)}` : ''}
        </div>
        {model.error ? (
          <p className="mt-1 text-xs text-destructive-soft-foreground" role="note">
            Last action failed: {model.error}
          </p>
        ) : null}
      </div>
      <div className="flex items-center gap-1.5">
        {inMemory ? (
          <Button size="sm" variant="secondary" disabled={busy || stale} onClick={() => void onAction('unload')} aria-label={`Unload ${model.model_id}`}>
            <Square /> Unload
          </Button>
        ) : (
          <Button size="sm" variant="secondary" disabled={busy || stale || model.status === 'loading'} onClick={() => void onAction('load')} aria-label={`Load ${model.model_id}`}>
            <Play /> Load
          </Button>
        )}
        {connection.adapter === 'ollama' ? (
          <ConfirmDialog
            title={`Delete ${model.model_id}?`}
            description={`The model's files are removed from ${connection.name}. Pulling it again can take a long time.`}
            confirmLabel="Delete"
            destructive
            onConfirm={() => onAction('delete')}
            trigger={
              <Button size="icon-sm" variant="ghost" disabled={busy || stale} aria-label={`Delete ${model.model_id}`}>
                <Trash2 />
              </Button>
            }
          />
        ) : null}
      </div>
    </li>
  );
}
