import { useDeferredValue, useState } from 'react';
import { Boxes, RefreshCw, Search } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { cn } from '@/lib/utils';
import { useConnectionModels } from '../api/get-connection-models';
import type { Connection } from '../types/connections';
import { describeError } from '@/lib/errors';
import { formatBytes, formatContextLength, plural } from '@/lib/format';
import { RelativeTime } from './relative-time';

const PAGE = 200;

interface ModelsCardProps {
  connection: Connection;
  onRefresh: () => void;
  refreshing: boolean;
}

/** The models the connection lists; ones it stopped listing stay, marked unavailable. */
export function ModelsCard({ connection, onRefresh, refreshing }: ModelsCardProps) {
  const models = useConnectionModels(connection.id);
  const [search, setSearch] = useState('');
  const [shown, setShown] = useState(PAGE);
  const query = useDeferredValue(search.trim().toLowerCase());
  const all = models.data ?? [];
  const filtered = query ? all.filter((m) => m.model_id.toLowerCase().includes(query) || (m.display_name ?? '').toLowerCase().includes(query)) : all;
  const unavailable = all.filter((m) => !m.available).length;
  const showSize = all.some((m) => m.size_bytes);

  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3">
        <div className="grid gap-1">
          <CardTitle>Models</CardTitle>
          <CardDescription>
            {models.isSuccess ? (
              <>
                {plural(connection.model_count, 'model')} available{unavailable > 0 ? `, ${unavailable} no longer listed` : ''} · refreshed{' '}
                <RelativeTime value={connection.models_refreshed_at} never="never" />
              </>
            ) : (
              'What this connection lists.'
            )}
          </CardDescription>
        </div>
        <Button variant="secondary" size="sm" onClick={onRefresh} loading={refreshing}>
          {refreshing ? null : <RefreshCw />}
          {refreshing ? 'Refreshing…' : 'Refresh models'}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-4">
        {models.isPending ? (
          <div aria-busy="true" aria-label="Loading models" className="grid gap-2">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-8 w-full" />
            ))}
          </div>
        ) : models.isError ? (
          <Alert tone="error">{describeError(models.error, 'The models could not be loaded')}</Alert>
        ) : all.length === 0 ? (
          <EmptyState
            icon={Boxes}
            headingLevel="h3"
            title="No models yet"
            description="Refresh the list to ask the server which models it has."
            className="py-8"
          />
        ) : (
          <>
            {all.length > 8 ? (
              <div className="relative max-w-xs">
                <Search aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
                <Input
                  type="search"
                  aria-label="Search models"
                  placeholder="Search models"
                  className="pl-9"
                  value={search}
                  onChange={(event) => {
                    setSearch(event.target.value);
                    setShown(PAGE);
                  }}
                />
              </div>
            ) : null}
            <div className="overflow-x-auto rounded-lg border border-border">
              <table className="w-full text-sm">
                <caption className="sr-only">Models of {connection.name}</caption>
                <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
                  <tr>
                    <th scope="col" className="px-3 py-2 font-medium">
                      Model
                    </th>
                    <th scope="col" className="px-3 py-2 text-right font-medium">
                      Context
                    </th>
                    {showSize ? (
                      <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">
                        Size
                      </th>
                    ) : null}
                    <th scope="col" className="px-3 py-2 font-medium">
                      Availability
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-border">
                  {filtered.slice(0, shown).map((model) => (
                    <tr key={model.model_id} className={cn(!model.available && 'text-muted-foreground')}>
                      <td className="max-w-0 px-3 py-2" style={{ width: '60%' }}>
                        <p className="truncate font-medium" title={model.display_name ?? model.model_id}>
                          {model.display_name ?? model.model_id}
                        </p>
                        {model.display_name && model.display_name !== model.model_id ? (
                          <p className="truncate font-mono text-xs text-muted-foreground" title={model.model_id}>
                            {model.model_id}
                          </p>
                        ) : null}
                      </td>
                      <td className="whitespace-nowrap px-3 py-2 text-right tabular-nums">{formatContextLength(model.context_length)}</td>
                      {showSize ? <td className="hidden whitespace-nowrap px-3 py-2 text-right tabular-nums sm:table-cell">{formatBytes(model.size_bytes)}</td> : null}
                      <td className="px-3 py-2">
                        {model.available ? (
                          <Badge tone="healthy" dot>
                            Available
                          </Badge>
                        ) : (
                          <Badge tone="unknown" dot title={`Last listed ${new Date(model.last_seen_at).toLocaleString()}`}>
                            Unavailable
                          </Badge>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {filtered.length === 0 ? <p className="text-sm text-muted-foreground">No model matches “{search.trim()}”.</p> : null}
            {filtered.length > shown ? (
              <Button variant="secondary" size="sm" className="justify-self-start" onClick={() => setShown((n) => n + PAGE)}>
                Show {Math.min(PAGE, filtered.length - shown)} more of {filtered.length - shown}
              </Button>
            ) : null}
          </>
        )}
      </CardContent>
    </Card>
  );
}
