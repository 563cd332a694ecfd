import { useState } from 'react';
import { KeyRound, Trash2 } from 'lucide-react';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Field } from '@/components/ui/field';
import { PasswordInput } from '@/components/ui/password-input';
import { toast } from '@/components/ui/toast';
import { useZodForm } from '@/hooks/use-zod-form';
import type { StoredKey } from '../api/get-connection-keys';
import { useRemoveConnectionKey } from '../api/remove-connection-key';
import { useSetConnectionKey } from '../api/set-connection-key';
import type { Connection, ProviderKind, ServerConfig } from '../types/connections';
import { describeError } from '@/lib/errors';
import { keySourceOf } from '../utils/key-source';
import { KeySourceBadge } from './key-source-badge';
import { RelativeTime } from './relative-time';

const keySchema = z.object({
  api_key: z.string().trim().min(1, 'Paste the API key.').max(4096, 'This key is too long (4,096 characters at most).'),
});

interface KeyCardProps {
  connection: Connection;
  kind: ProviderKind | undefined;
  storedKey: StoredKey | undefined;
  serverConfig: ServerConfig;
}

/** Set, replace or remove the connection's key. The key is write-only: only its last four characters come back. */
export function KeyCard({ connection, kind, storedKey, serverConfig }: KeyCardProps) {
  const [editing, setEditing] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const remove = useRemoveConnectionKey();
  const source = keySourceOf(connection.id, connection.kind, storedKey ? new Map([[connection.id, storedKey]]) : undefined, serverConfig.serverKeys);
  const serverKey = serverConfig.serverKeys[connection.kind] === true;

  let summary: string;
  if (storedKey) summary = 'Requests to this connection use your key.';
  else if (serverKey) summary = `No key of your own: requests use the ${kind ? `${kind.label} ` : ''}key this deployment provides.`;
  else if (kind?.key_required) summary = `${kind.label} needs an API key. Add yours to use this connection.`;
  else summary = 'No key: requests are sent without one, which is fine for most self-hosted servers.';

  return (
    <Card>
      <CardHeader>
        <div className="flex items-center justify-between gap-2">
          <CardTitle>API key</CardTitle>
          <KeySourceBadge source={source} />
        </div>
        <CardDescription>{summary}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {storedKey ? (
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Stored key</dt>
              <dd className="font-mono" aria-label={`Key ending in ${storedKey.hint ?? 'unknown'}`}>
                …{storedKey.hint}
              </dd>
            </div>
            <div className="grid gap-0.5">
              <dt className="text-xs text-muted-foreground">Changed</dt>
              <dd>
                <RelativeTime value={storedKey.updatedAt} />
              </dd>
            </div>
          </dl>
        ) : null}
        {connection.probe_from === 'browser' ? (
          <p className="text-xs text-muted-foreground">Checks from this browser never use the key; prompts run through the server do.</p>
        ) : null}
        {serverConfig.lockboxAvailable === false ? (
          <p className="text-xs text-warning-soft-foreground">This server cannot store keys yet: its lockbox has no master key. Ask whoever runs it to set LOCKBOX_KEYS.</p>
        ) : null}
        {editing ? <KeyForm connectionId={connection.id} replacing={Boolean(storedKey)} onDone={() => setEditing(false)} /> : null}
      </CardContent>
      {editing ? null : (
        <CardFooter className="flex-wrap">
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)} disabled={serverConfig.lockboxAvailable === false}>
            <KeyRound />
            {storedKey ? 'Replace key' : 'Set key'}
          </Button>
          {storedKey ? (
            <Button variant="ghost" size="sm" onClick={() => setConfirmRemove(true)}>
              <Trash2 />
              Remove key
            </Button>
          ) : null}
        </CardFooter>
      )}
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        destructive
        title={`Remove the key of “${connection.name}”?`}
        description={
          serverKey
            ? 'The encrypted key is deleted from the server. Requests will then use the key this deployment provides.'
            : 'The encrypted key is deleted from the server. Requests will then be sent without a key until you add one again.'
        }
        confirmLabel="Remove key"
        onConfirm={() => remove.mutateAsync(connection.id)}
      />
    </Card>
  );
}

function KeyForm({ connectionId, replacing, onDone }: { connectionId: string; replacing: boolean; onDone: () => void }) {
  const [serverError, setServerError] = useState<string | null>(null);
  const { values, errors, setValue, handleSubmit, formRef } = useZodForm(keySchema, { api_key: '' });
  const save = useSetConnectionKey({
    onSuccess: (result) => {
      toast.success(replacing ? 'Key replaced' : 'Key saved', `Stored encrypted; it ends in ${result.hint}.`);
      onDone();
    },
    onError: (error) => setServerError(describeError(error, 'The key could not be saved')),
  });
  return (
    <form ref={formRef} noValidate className="grid gap-3" onSubmit={handleSubmit(({ api_key }) => save.mutate({ connectionId, apiKey: api_key }))}>
      <Field
        label={replacing ? 'New API key' : 'API key'}
        error={errors.api_key ?? serverError ?? undefined}
        hint="Sent once to the server's lockbox and encrypted there; this page never shows it again."
      >
        <PasswordInput
          name="api_key"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={values.api_key}
          onChange={(event) => {
            setValue('api_key', event.target.value);
            setServerError(null);
          }}
        />
      </Field>
      <div className="flex gap-2">
        <Button type="submit" size="sm" loading={save.isPending}>
          {replacing ? 'Replace key' : 'Save key'}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone} disabled={save.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
