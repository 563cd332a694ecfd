import { useRef, useState, type ChangeEvent } from 'react';
import { CircleCheck, CircleMinus, CircleX, FileUp, History, TriangleAlert } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Textarea } from '@/components/ui/textarea';
import { cn } from '@/lib/utils';
import { connectionsQueryOptions } from '../api/get-connections';
import { providerKindsQueryOptions, useProviderKinds } from '../api/get-provider-kinds';
import { useImportLegacyConfig, type ImportProgress, type ImportResult } from '../api/import-legacy-config';
import { describeError } from '@/lib/errors';
import { LEGACY_STORAGE_KEY, parseLegacyText, planLegacyImport } from '../utils/legacy-import';

interface ImportLegacyDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/** Files bigger than this are not a browser's saved configuration. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

function readSavedConfig(): string | null {
  try {
    return window.localStorage.getItem(LEGACY_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function ImportLegacyDialog({ open, onOpenChange }: ImportLegacyDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-2xl">{open ? <ImportLegacyForm onDone={() => onOpenChange(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

function ImportLegacyForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [results, setResults] = useState<ImportResult[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const textArea = useRef<HTMLTextAreaElement>(null);
  const importer = useImportLegacyConfig(setProgress);
  const saved = readSavedConfig();

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setProblem('This file is larger than 5 MB, so it is not a saved configuration. Choose the JSON file you exported.');
      return;
    }
    setText(await file.text());
    setProblem(null);
  };

  const run = async () => {
    const parsed = parseLegacyText(text);
    if (!parsed.ok) {
      setProblem(parsed.message);
      textArea.current?.focus();
      return;
    }
    setProblem(null);
    try {
      const [kinds, existing] = await Promise.all([queryClient.fetchQuery(providerKindsQueryOptions()), queryClient.fetchQuery({ ...connectionsQueryOptions(), staleTime: 0 })]);
      const plan = planLegacyImport(
        parsed.entries,
        existing.map((c) => c.name),
        kinds,
      );
      setProgress({ done: 0, total: plan.length });
      setResults(await importer.mutateAsync(plan));
    } catch (error) {
      setProblem(describeError(error, 'The import could not start'));
    } finally {
      setProgress(null);
    }
  };

  if (results) {
    const created = results.filter((r) => r.outcome === 'created').length;
    const skipped = results.filter((r) => r.outcome === 'skipped').length;
    const rejected = results.filter((r) => r.outcome === 'rejected').length;
    return (
      <div className="grid gap-5">
        <DialogHeader>
          <DialogTitle>Import finished</DialogTitle>
          <DialogDescription role="status">
            {created} created, {skipped} skipped, {rejected} rejected.{created > 0 ? ' Use “Check all” to see how the new connections are doing.' : ''}
          </DialogDescription>
        </DialogHeader>
        <ImportResults results={results} />
        <DialogFooter>
          <Button onClick={onDone}>Done</Button>
        </DialogFooter>
      </div>
    );
  }

  const running = progress !== null;
  return (
    <form
      noValidate
      className="grid gap-5"
      onSubmit={(event) => {
        event.preventDefault();
        void run();
      }}
    >
      <DialogHeader>
        <DialogTitle>Import from an older version</DialogTitle>
        <DialogDescription>
          Older versions of Switchboard kept your connections in this browser, under “{LEGACY_STORAGE_KEY}”. Paste that value or choose a file holding it. Each entry becomes a
          connection; keys go straight to the server&apos;s lockbox.
        </DialogDescription>
      </DialogHeader>

      {saved ? (
        <Alert title="This browser still has an old configuration">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <span>You can import it as it is.</span>
            <Button
              size="sm"
              variant="secondary"
              onClick={() => {
                setText(saved);
                setProblem(null);
              }}
            >
              <History />
              Use it
            </Button>
          </div>
        </Alert>
      ) : null}

      <Field label="Configuration (JSON)" error={problem ?? undefined} hint='A list like [{ "name": "Local", "baseUrl": "http://localhost:11434", "isActive": true }].'>
        <Textarea
          ref={textArea}
          name="legacy-config"
          rows={8}
          spellCheck={false}
          className="font-mono text-xs"
          placeholder='[{ "name": "…", "baseUrl": "…", "apiKey": "…", "isActive": true, "availableModels": ["…"] }]'
          value={text}
          disabled={running}
          onChange={(event) => {
            setText(event.target.value);
            if (problem) setProblem(null);
          }}
        />
      </Field>

      <DialogFooter className="sm:justify-between">
        <div>
          <input ref={fileInput} type="file" accept="application/json,.json,.txt" className="sr-only" tabIndex={-1} aria-hidden="true" onChange={chooseFile} />
          <Button variant="secondary" onClick={() => fileInput.current?.click()} disabled={running} className="w-full sm:w-auto">
            <FileUp />
            Choose a file
          </Button>
        </div>
        <div className="flex flex-col-reverse gap-2 sm:flex-row">
          <Button variant="secondary" onClick={onDone} disabled={running}>
            Cancel
          </Button>
          <Button type="submit" loading={running}>
            {running ? `Importing ${progress.done} of ${progress.total}` : 'Import'}
          </Button>
        </div>
      </DialogFooter>
      {running ? (
        <p role="status" className="sr-only">
          {progress.done} of {progress.total} entries imported
        </p>
      ) : null}
    </form>
  );
}

const OUTCOMES = {
  created: { icon: CircleCheck, label: 'Created', className: 'text-success-soft-foreground' },
  skipped: { icon: CircleMinus, label: 'Skipped', className: 'text-muted-foreground' },
  rejected: { icon: CircleX, label: 'Rejected', className: 'text-destructive-soft-foreground' },
} as const;

function ImportResults({ results }: { results: readonly ImportResult[] }) {
  const kinds = useProviderKinds();
  const kindLabel = (id: string | undefined) => (id ? (kinds.data?.find((k) => k.id === id)?.label ?? id) : null);
  return (
    <ul className="grid max-h-[50dvh] gap-0 divide-y divide-border overflow-y-auto rounded-lg border border-border" aria-label="Import results">
      {results.map((result) => {
        const outcome = OUTCOMES[result.outcome];
        const Icon = outcome.icon;
        return (
          <li key={result.index} className="flex gap-3 px-3 py-2.5 text-sm">
            <Icon aria-hidden="true" className={cn('mt-0.5 size-4 shrink-0', outcome.className)} />
            <div className="grid min-w-0 gap-0.5">
              <p>
                <span className="font-medium">{result.label}</span> <span className={cn('text-xs font-medium', outcome.className)}>{outcome.label}</span>
              </p>
              {result.detail || result.kind ? <p className="text-xs text-muted-foreground">{[kindLabel(result.kind), result.detail].filter(Boolean).join(' · ')}</p> : null}
              {result.warning ? (
                <p className="flex items-start gap-1.5 text-xs text-warning-soft-foreground">
                  <TriangleAlert aria-hidden="true" className="mt-0.5 size-3 shrink-0" />
                  {result.warning}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
