import { memo, useRef, useState, type ChangeEvent } from 'react';
import { Download, FileUp } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { toast } from '@/components/ui/toast';
import { downloadJson } from '@/lib/download-json';
import type { CatalogModel } from '../types/catalog';
import { modelKeys } from '../api/keys';
import { useModelsApi } from '../api/models-api';
import { describeModelsError } from '../utils/describe-error';
import { buildFavoritesFile, favoritesFileName, parseFavoritesFile, planFavoritesImport, settleImport, type ImportLine, type ImportStatus } from '../utils/favorites-file';

// Far above any real favorites file (20,000 entries is about 3 MB).
const MAX_FILE_BYTES = 10 * 1024 * 1024;

const statusLabel: Record<ImportStatus, string> = {
  starred: 'starred',
  already: 'already favorites',
  duplicate: 'duplicates',
  'no-connection': 'without a matching connection',
  'no-model': 'not listed by their connection',
  invalid: 'not valid',
};

function summarize(lines: readonly ImportLine[]): string {
  const counts = new Map<ImportStatus, number>();
  for (const line of lines) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n.toLocaleString('en')} ${statusLabel[status]}`).join(', ');
}

/** Favorites as a JSON file: export them, or star the models a file lists (per-entry results). */
// Memoized: typing in the catalog's search re-renders the page, not this card.
export const FavoritesFileCard = memo(function FavoritesFileCard({ models }: { models: readonly CatalogModel[] }) {
  const api = useModelsApi();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [importing, setImporting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [result, setResult] = useState<{ fileName: string; lines: ImportLine[] } | null>(null);
  const favoriteCount = models.filter((model) => model.is_favorite).length;

  const runExport = () => {
    const file = buildFavoritesFile(models);
    downloadJson(file, favoritesFileName(file));
    toast.success('Favorites exported', `${file.favorites.length} ${file.favorites.length === 1 ? 'favorite' : 'favorites'} in ${favoritesFileName(file)}.`);
  };

  const runImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = '';
    if (!chosen) return;
    setResult(null);
    setProblem(null);
    if (chosen.size > MAX_FILE_BYTES) {
      setProblem('This file is larger than 10 MB; it is not a favorites file.');
      return;
    }
    const parsed = parseFavoritesFile(await chosen.text());
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    const plan = planFavoritesImport(parsed, models);
    setImporting(true);
    try {
      const added = await api.addFavorites(plan.toStar);
      const lines = settleImport(plan, added, models);
      setResult({ fileName: chosen.name, lines });
      toast.success('Favorites imported', summarize(lines));
    } catch (error) {
      setProblem(describeModelsError(error, 'The favorites could not be imported'));
    } finally {
      setImporting(false);
      await queryClient.invalidateQueries({ queryKey: modelKeys.catalog() });
    }
  };

  const problems = result?.lines.filter((line) => line.reason !== null) ?? [];
  return (
    <Card role="region" aria-label="Favorites file">
      <CardHeader>
        <CardTitle>Favorites file</CardTitle>
        <CardDescription>Take your {favoriteCount === 1 ? 'favorite' : `${favoriteCount} favorites`} to another account or server as JSON, or star the models a file lists.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3 empty:hidden">
        {problem ? <Alert tone="error">{problem}</Alert> : null}
        {result ? (
          <Alert title={`Imported “${result.fileName}”`}>
            <p>{summarize(result.lines)}.</p>
            {problems.length > 0 ? (
              <ul aria-label="Entries not starred" className="mt-2 grid max-h-48 gap-1 overflow-y-auto text-xs">
                {problems.slice(0, 100).map((line) => (
                  <li key={line.index}>
                    <span className="font-mono">{line.model_id || `Entry ${line.index}`}</span>
                    {line.connection ? ` on ${line.connection}` : ''}: {line.reason}
                  </li>
                ))}
                {problems.length > 100 ? <li>…and {problems.length - 100} more.</li> : null}
              </ul>
            ) : null}
          </Alert>
        ) : null}
      </CardContent>
      <CardFooter className="flex-wrap gap-2">
        <Button variant="secondary" size="sm" onClick={runExport} disabled={favoriteCount === 0}>
          <Download />
          Export favorites
        </Button>
        <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-label="Favorites file to import" onChange={(event) => void runImport(event)} />
        <Button variant="secondary" size="sm" onClick={() => input.current?.click()} loading={importing}>
          {importing ? null : <FileUp />}
          Import favorites
        </Button>
      </CardFooter>
    </Card>
  );
});
