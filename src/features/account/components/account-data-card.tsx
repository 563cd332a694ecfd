import { useRef, useState, type ChangeEvent } from 'react';
import { CircleCheck, CircleMinus, CircleX, Download, FileUp } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { describeError } from '@/lib/errors';
import { useExportAccount } from '../api/export-account';
import { useImportAccount, type AccountImportProgress, type AccountImportResult } from '../api/import-account';
import { describeImportError } from '../utils/errors';
import { parseExportText, type ExportFile } from '../utils/export-schema';

const MAX_FILE_BYTES = 200 * 1024 * 1024;

function count(n: number, one: string, many = `${one}s`) {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

function describeFile(file: ExportFile): string {
  const models = file.connections.reduce((sum, c) => sum + c.models.length, 0);
  return [
    count(file.connections.length, 'connection'),
    count(models, 'model'),
    count(file.presets.length, 'preset'),
    count(file.generations.length, 'generation'),
    count(file.collections.length, 'collection'),
  ].join(', ');
}

/** Export everything as one file, and restore such a file (into this account or another). */
export function AccountDataCard() {
  const exporter = useExportAccount();
  const [progress, setProgress] = useState<AccountImportProgress | null>(null);
  const importer = useImportAccount(setProgress);
  const [file, setFile] = useState<{ name: string; content: ExportFile } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<AccountImportResult | null>(null);
  const input = useRef<HTMLInputElement>(null);

  const runExport = () =>
    exporter.mutate(undefined, {
      onSuccess: (exported) => toast.success('Export ready', `${describeFile(exported)}. API keys are never exported.`),
      onError: (error) => toast.error(describeError(error, 'The export failed')),
    });

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setResult(null);
    if (chosen.size > MAX_FILE_BYTES) {
      setProblem('This file is larger than 200 MB; it is not a Switchboard export.');
      setFile(null);
      return;
    }
    const parsed = parseExportText(await chosen.text());
    if (!parsed.ok) {
      setProblem(parsed.message);
      setFile(null);
      return;
    }
    setProblem(null);
    setFile({ name: chosen.name, content: parsed.file });
  };

  const runImport = async () => {
    if (!file) return;
    try {
      const outcome = await importer.mutateAsync(file.content);
      setResult(outcome);
      setFile(null);
      toast.success('Import finished', `${count(outcome.written, 'item')} restored.`);
    } catch (error) {
      setProblem(describeImportError(error));
    } finally {
      setProgress(null);
    }
  };

  const importing = progress !== null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your data</CardTitle>
        <CardDescription>
          Download everything as one file: connections (without keys), their models with your favorites and enabled choices, presets, generations and collections. Importing the
          file restores it; anything whose name you already use is skipped, and anything this server cannot store is left out with the reason.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {file ? (
          <Alert title={`Ready to import “${file.name}”`}>
            <div className="grid gap-3">
              <span>
                {describeFile(file.content)}, exported {new Date(file.content.exported_at).toLocaleString()}. Every item gets a new id in your account.
              </span>
              <div className="flex flex-wrap gap-2">
                <Button size="sm" onClick={() => void runImport()} loading={importing}>
                  {importing ? `Importing ${progress.done.toLocaleString('en')} of ${progress.total.toLocaleString('en')}` : 'Import'}
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setFile(null)} disabled={importing}>
                  Cancel
                </Button>
              </div>
            </div>
          </Alert>
        ) : null}
        {result ? <ImportSummary result={result} /> : null}
      </CardContent>
      <CardFooter className="flex-wrap">
        <Button variant="secondary" onClick={runExport} loading={exporter.isPending}>
          {exporter.isPending ? null : <Download />}
          Export my data
        </Button>
        <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-hidden="true" onChange={choose} />
        <Button variant="secondary" onClick={() => input.current?.click()} disabled={importing}>
          <FileUp />
          Import an export file
        </Button>
      </CardFooter>
    </Card>
  );
}

function ImportSummary({ result }: { result: AccountImportResult }) {
  const { plan } = result;
  const created = [
    count(plan.connections.length, 'connection'),
    count(plan.models.length, 'model'),
    count(plan.presets.length, 'preset'),
    count(plan.generations.length, 'generation'),
    count(plan.collections.length, 'collection'),
  ].join(', ');
  return (
    <div role="status" className="grid gap-2 rounded-lg border border-border p-3 text-sm">
      <p className="flex items-start gap-2">
        <CircleCheck aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success-soft-foreground" />
        <span>Restored {created}.</span>
      </p>
      {plan.duplicateGenerations > 0 ? (
        <p className="flex items-start gap-2 text-muted-foreground">
          <CircleMinus aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          {count(plan.duplicateGenerations, 'generation was', 'generations were')} already here and not duplicated.
        </p>
      ) : null}
      {plan.skipped.length > 0 ? (
        <ul className="grid gap-1 text-muted-foreground" aria-label="Skipped">
          {plan.skipped.map((item) => (
            <li key={`${item.kind}:${item.name}`} className="flex items-start gap-2">
              <CircleMinus aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <span>
                Skipped {item.kind} “{item.name}”: {item.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {plan.rejected.length > 0 ? (
        <ul className="grid gap-1 text-destructive-soft-foreground" aria-label="Rejected">
          {plan.rejected.map((item, index) => (
            <li key={`${item.kind}:${index}`} className="flex items-start gap-2">
              <CircleX aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
              <span className="min-w-0 break-words">
                Rejected {item.kind} “{item.name}”: {item.reason}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
