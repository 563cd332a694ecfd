import { useRef, useState, type ChangeEvent } from 'react';
import { Copy, Download, FileUp, Pencil, Plus, Trash2 } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { downloadJson } from '@/lib/download-json';
import { formatContextLength, plural } from '@/lib/format';
import { useQueryClient } from '@tanstack/react-query';
import { useConnectionChoices } from '../api/get-connection-choices';
import { presetKeys } from '../api/keys';
import { createPresets, useDeletePreset, usePresets, useSavePreset } from '../api/presets';
import { describePresetError } from '../utils/preset-errors';
import { copyName } from '../utils/preset-schema';
import { buildPresetsFile, planPresetsImport, type PresetImportLine, type PresetRecord } from '../utils/presets-file';
import { PresetDialog } from './preset-dialog';

const MAX_FILE_BYTES = 10 * 1024 * 1024;

function summary(preset: PresetRecord, connectionName: string | undefined): string {
  const parts = [
    preset.model_id ? `${preset.model_id}${connectionName ? ` on ${connectionName}` : ''}` : 'No model chosen',
    preset.temperature !== null ? `temperature ${preset.temperature}` : null,
    preset.top_p !== null ? `top P ${preset.top_p}` : null,
    preset.max_tokens !== null ? `${preset.max_tokens.toLocaleString('en')} max tokens` : null,
    preset.context_length !== null ? `context ${formatContextLength(preset.context_length)}` : null,
    preset.keep_alive ? `keep alive ${preset.keep_alive}` : null,
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Presets (model configs): create, edit, duplicate, delete, and move them as JSON. */
export function PresetsCard() {
  const presets = usePresets();
  const connections = useConnectionChoices();
  const save = useSavePreset();
  const remove = useDeletePreset();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<PresetRecord | 'new' | null>(null);
  const [importResult, setImportResult] = useState<{ fileName: string; lines: PresetImportLine[] } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]));
  const list = presets.data ?? [];

  const duplicate = async (preset: PresetRecord) => {
    const { id: _id, ...values } = preset;
    const name = copyName(preset.name, list.map((p) => p.name));
    try {
      await save.mutateAsync({ values: { ...values, name } });
      toast.success(`Duplicated as “${name}”`);
    } catch (error) {
      toast.error(`“${preset.name}” could not be duplicated`, describePresetError(error, name).message);
    }
  };

  const exportAll = () => {
    const file = buildPresetsFile(list, names);
    downloadJson(file, `switchboard-presets-${file.exported_at.slice(0, 10)}.json`);
    toast.success('Presets exported', `${plural(list.length, 'preset')}.`);
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setImportResult(null);
    setProblem(null);
    if (chosen.size > MAX_FILE_BYTES) return setProblem('This file is larger than 10 MB; it is not a presets file.');
    const plan = planPresetsImport(await chosen.text(), list.map((p) => p.name), new Map((connections.data ?? []).map((c) => [c.name, c.id])));
    if (!plan.ok) return setProblem(plan.message);
    try {
      await createPresets(plan.toCreate.map((entry) => entry.values));
      setImportResult({ fileName: chosen.name, lines: plan.lines });
      toast.success('Presets imported', `${plural(plan.toCreate.length, 'preset')} created.`);
    } catch (error) {
      setProblem(describePresetError(error, '').message);
    } finally {
      await queryClient.invalidateQueries({ queryKey: presetKeys.all });
    }
  };

  const counts = importResult
    ? (['created', 'exists', 'duplicate', 'invalid'] as const)
        .map((status) => [status, importResult.lines.filter((l) => l.status === status).length] as const)
        .filter(([, n]) => n > 0)
        .map(([status, n]) => `${n} ${{ created: 'created', exists: 'already there', duplicate: 'duplicates', invalid: 'not valid' }[status]}`)
        .join(', ')
    : '';

  return (
    <Card role="region" aria-label="Presets">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle>Presets</CardTitle>
          <CardDescription>Named model configurations: connection, model, temperature, context length, system prompt, keep alive.</CardDescription>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => setEditing('new')}>
            <Plus /> New preset
          </Button>
          <Button size="sm" variant="secondary" onClick={exportAll} disabled={list.length === 0}>
            <Download /> Export presets
          </Button>
          <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-label="Presets file to import" onChange={(event) => void importFile(event)} />
          <Button size="sm" variant="secondary" onClick={() => input.current?.click()}>
            <FileUp /> Import presets
          </Button>
        </div>
      </CardHeader>
      <CardContent className="grid gap-3">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {importResult ? (
          <Alert title={`Imported “${importResult.fileName}”`}>
            <p>{counts}.</p>
            <ul aria-label="Import results" className="mt-2 grid gap-1 text-xs">
              {importResult.lines.map((line) => (
                <li key={line.index}>
                  {line.name}: {line.status === 'created' ? 'created' : line.status}
                  {line.note ? ` (${line.note})` : ''}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {presets.isPending ? (
          <Skeleton className="h-16" />
        ) : list.length === 0 ? (
          <p className="rounded-md border border-dashed border-border px-4 py-6 text-center text-sm text-muted-foreground">No presets yet: create one to start the playground from your favorite settings.</p>
        ) : (
          <ul aria-label="Your presets" className="divide-y divide-border rounded-lg border border-border">
            {list.map((preset) => (
              <li key={preset.id} aria-label={preset.name} className="flex flex-wrap items-center gap-3 px-3 py-2.5">
                <div className="min-w-0 flex-1">
                  <div className="text-sm font-medium">{preset.name}</div>
                  <div className="truncate text-xs text-muted-foreground">{summary(preset, preset.connection_id ? names.get(preset.connection_id) : undefined)}</div>
                </div>
                <Button size="icon-sm" variant="ghost" aria-label={`Edit ${preset.name}`} onClick={() => setEditing(preset)}>
                  <Pencil />
                </Button>
                <Button size="icon-sm" variant="ghost" aria-label={`Duplicate ${preset.name}`} onClick={() => void duplicate(preset)}>
                  <Copy />
                </Button>
                <ConfirmDialog
                  title={`Delete “${preset.name}”?`}
                  description="The preset is removed; generations made with it keep their parameters."
                  confirmLabel="Delete"
                  destructive
                  onConfirm={() => remove.mutateAsync(preset.id).catch((error: unknown) => toast.error(`“${preset.name}” could not be deleted`, describePresetError(error, preset.name, 'The preset could not be deleted').message))}
                  trigger={
                    <Button size="icon-sm" variant="ghost" aria-label={`Delete ${preset.name}`}>
                      <Trash2 />
                    </Button>
                  }
                />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <PresetDialog open={editing !== null} onOpenChange={(open) => (open ? undefined : setEditing(null))} preset={editing === 'new' || editing === null ? undefined : editing} />
    </Card>
  );
}
