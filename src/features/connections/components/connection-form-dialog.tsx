import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { PasswordInput } from '@/components/ui/password-input';
import { Select, SelectContent, SelectGroup, SelectItem, SelectLabel, SelectTrigger, SelectValue } from '@/components/ui/select';
import { toast } from '@/components/ui/toast';
import { useZodForm } from '@/hooks/use-zod-form';
import { initialCheck } from '../api/check-connection';
import { useCreateConnection, type SaveConnectionResult } from '../api/create-connection';
import type { StoredKey } from '../api/get-connection-keys';
import { connectionKeys } from '../api/keys';
import { useUpdateConnection } from '../api/update-connection';
import type { Connection, ProbeFrom, ProviderKind, ServerConfig } from '../types/connections';
import { connectionFormSchema, type ConnectionFormValues, type ConnectionInput } from '../utils/connection-schema';
import { describeError } from '@/lib/errors';
import { describeConnectionSaveError, type DescribedError } from '../utils/errors';
import { isPrivateUrl } from '../utils/network';
import { KindIcon } from './kind-icon';
import { ProbeFromField } from './probe-from-field';

interface ConnectionFormDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  kinds: readonly ProviderKind[];
  serverConfig: ServerConfig;
  /** Editing this connection; absent to add a new one. */
  connection?: Connection;
  storedKey?: StoredKey;
  onSaved?: (connection: Connection) => void;
}

export function ConnectionFormDialog({ open, onOpenChange, ...props }: ConnectionFormDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-xl">
        {/* Mounted only while open, so every opening starts from the connection's saved state. */}
        {open ? <ConnectionForm {...props} onDone={() => onOpenChange(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

function initialValues(connection: Connection | undefined, kinds: readonly ProviderKind[]): ConnectionFormValues {
  if (connection) {
    return {
      name: connection.name,
      kind: connection.kind,
      base_url: connection.base_url,
      models_path: connection.models_path ?? '',
      auth_header: connection.auth_header ?? '',
      probe_from: connection.probe_from,
      api_key: '',
    };
  }
  const first = kinds.find((k) => k.id === 'ollama') ?? kinds[0];
  // base_url stays empty until someone types one: the field shows the kind's default meanwhile.
  return { name: '', kind: first?.id ?? '', base_url: '', models_path: '', auth_header: '', probe_from: '', api_key: '' };
}

type Props = Omit<ConnectionFormDialogProps, 'open' | 'onOpenChange'> & { onDone: () => void };

function ConnectionForm({ kinds, serverConfig, connection, storedKey, onSaved, onDone }: Props) {
  const queryClient = useQueryClient();
  const schema = useMemo(() => connectionFormSchema(kinds), [kinds]);
  const { values, errors, setValue, handleSubmit, formRef } = useZodForm(schema, initialValues(connection, kinds));
  const [serverError, setServerError] = useState<DescribedError | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  // After a save whose key failed, the row exists: saving again updates it instead of adding another.
  const [savedConnection, setSavedConnection] = useState<Connection | undefined>(connection);
  // Until someone types an address, the field follows the kind's default address.
  const [urlEdited, setUrlEdited] = useState(Boolean(connection));
  // Until someone picks where checks run, the form suggests it from the address.
  const [probeChoice, setProbeChoice] = useState<ProbeFrom | null>(connection ? (connection.probe_from === 'browser' ? 'browser' : 'server') : null);
  const create = useCreateConnection();
  const update = useUpdateConnection();
  const pending = create.isPending || update.isPending;

  const kind = kinds.find((k) => k.id === values.kind);
  const selfHosted = kind?.category === 'self_hosted';
  const needsPath = kind?.models_path === null;
  const shownUrl = urlEdited ? values.base_url : (kind?.default_base_url ?? '');
  const privateUrl = isPrivateUrl(shownUrl);
  const probeFrom: ProbeFrom = probeChoice ?? (selfHosted && privateUrl ? 'browser' : 'server');
  const cloudKinds = kinds.filter((k) => k.category === 'cloud');
  const selfHostedKinds = kinds.filter((k) => k.category !== 'cloud');
  const editing = Boolean(savedConnection);

  useEffect(() => {
    if (focusRequest === 0 || !serverError?.field) return;
    formRef.current?.querySelector<HTMLElement>(`[name="${serverError.field}"]`)?.focus();
  }, [focusRequest, serverError, formRef]);

  const change = (name: keyof ConnectionFormValues, value: string) => {
    setValue(name, value);
    if (serverError?.field === name) setServerError(null);
  };

  const finish = async (result: SaveConnectionResult, input: ConnectionInput, wasNew: boolean) => {
    setSavedConnection(result.connection);
    if (result.keyError) {
      setServerError({
        field: 'api_key',
        message: `${wasNew ? 'The connection was added' : 'The changes were saved'}, but the key was not: ${describeError(result.keyError, 'the lockbox refused it')} Save again to retry, or clear the field to skip it.`,
      });
      setFocusRequest((n) => n + 1);
      return;
    }
    toast.success(wasNew ? `Added “${input.name}”` : `Saved “${input.name}”`, wasNew ? 'Checking it now…' : undefined);
    onSaved?.(result.connection);
    onDone();
    const urlChanged = !wasNew && connection && (connection.base_url !== input.base_url || connection.kind !== input.kind || connection.probe_from !== input.probe_from || connection.models_path !== input.models_path);
    if ((wasNew || urlChanged) && kind && result.connection.enabled) {
      await initialCheck({ connection: result.connection, kind });
      await queryClient.invalidateQueries({ queryKey: connectionKeys.all });
    }
  };

  const submit = handleSubmit(async (validated) => {
    setServerError(null);
    const input: ConnectionInput = { ...validated, probe_from: selfHosted && probeFrom === 'browser' ? 'browser' : 'server' };
    const wasNew = !connection;
    try {
      if (savedConnection) {
        await finish(await update.mutateAsync({ id: savedConnection.id, input }), input, wasNew);
      } else {
        await finish(await create.mutateAsync(input), input, wasNew);
      }
    } catch (error) {
      setServerError(describeConnectionSaveError(error, input.name, input.base_url));
      setFocusRequest((n) => n + 1);
    }
  });

  const fieldError = (name: keyof ConnectionFormValues) => errors[name] ?? (serverError?.field === name ? serverError.message : undefined);

  const hasServerKey = kind ? serverConfig.serverKeys[kind.id] === true : false;
  const keyHint = serverConfig.lockboxAvailable === false
    ? 'This server cannot store keys yet (its lockbox has no master key). Ask whoever runs it to set LOCKBOX_KEYS.'
    : storedKey
    ? `Leave empty to keep the stored key (…${storedKey.hint ?? '????'}). A new key replaces it.`
    : hasServerKey
      ? 'Leave empty to use the key this deployment provides.'
      : kind?.key_required
        ? `${kind.label} needs a key. It is encrypted on the server and never kept in this browser.`
        : 'Only if your server asks for one. It is encrypted on the server and never kept in this browser.';

  return (
    <form ref={formRef} noValidate onSubmit={submit} className="grid gap-5">
      <DialogHeader>
        <DialogTitle>{connection ? `Edit “${connection.name}”` : 'Add a connection'}</DialogTitle>
        <DialogDescription>
          {connection ? 'Change where this connection points and how it is checked.' : 'Connect a cloud API or a server you run yourself.'}
        </DialogDescription>
      </DialogHeader>

      {serverError && serverError.field === null ? <Alert tone="error">{serverError.message}</Alert> : null}

      <Field label="Kind" error={fieldError('kind')}>
        <Select
          name="kind"
          value={values.kind}
          onValueChange={(id) => {
            change('kind', id);
          }}
        >
          <SelectTrigger aria-label="Kind">
            <SelectValue placeholder="Choose a kind" />
          </SelectTrigger>
          <SelectContent>
            <SelectGroup>
              <SelectLabel>Self-hosted</SelectLabel>
              {selfHostedKinds.map((k) => (
                <SelectItem key={k.id} value={k.id}>
                  <span className="flex items-center gap-2">
                    <KindIcon kind={k.id} providerKind={k} size="sm" className="size-5 rounded text-[8px]" />
                    {k.label}
                  </span>
                </SelectItem>
              ))}
            </SelectGroup>
            <SelectGroup>
              <SelectLabel>Cloud</SelectLabel>
              {cloudKinds.map((k) => (
                <SelectItem key={k.id} value={k.id}>
                  <span className="flex items-center gap-2">
                    <KindIcon kind={k.id} providerKind={k} size="sm" className="size-5 rounded text-[8px]" />
                    {k.label}
                  </span>
                </SelectItem>
              ))}
            </SelectGroup>
          </SelectContent>
        </Select>
      </Field>

      <Field label="Name" error={fieldError('name')} hint="Unique among your connections; shown wherever you pick a model.">
        <Input
          name="name"
          autoComplete="off"
          placeholder={kind ? (selfHosted ? `My ${kind.label}` : kind.label) : 'My server'}
          value={values.name}
          maxLength={200}
          onChange={(event) => change('name', event.target.value)}
        />
      </Field>

      <Field
        label="Base URL"
        error={fieldError('base_url')}
        hint={
          kind?.default_base_url
            ? kind.category === 'cloud'
              ? `${kind.label}'s API address, filled in for you.`
              : `${kind.label} listens on ${kind.default_base_url} by default.`
            : 'The address of your server, for example http://localhost:8000/v1.'
        }
      >
        <Input
          name="base_url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={kind?.default_base_url ?? 'http://localhost:8000/v1'}
          value={shownUrl}
          onChange={(event) => {
            setUrlEdited(true);
            change('base_url', event.target.value);
          }}
        />
      </Field>

      {needsPath ? (
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Models path" error={fieldError('models_path')} hint="Appended to the base URL to list models.">
            <Input name="models_path" autoComplete="off" spellCheck={false} placeholder="/v1/models" value={values.models_path} onChange={(event) => change('models_path', event.target.value)} />
          </Field>
          <Field label="Auth header" labelAside="Optional" error={fieldError('auth_header')} hint="Sends the key in this header instead of Authorization: Bearer.">
            <Input name="auth_header" autoComplete="off" spellCheck={false} placeholder="X-API-Key" value={values.auth_header} onChange={(event) => change('auth_header', event.target.value)} />
          </Field>
        </div>
      ) : null}

      {selfHosted ? (
        <ProbeFromField
          value={probeFrom}
          onChange={setProbeChoice}
          privateUrl={privateUrl}
          allowPrivateEndpoints={serverConfig.allowPrivateEndpoints}
        />
      ) : null}

      <Field
        label="API key"
        labelAside={kind?.key_required && !hasServerKey && !storedKey ? undefined : 'Optional'}
        error={fieldError('api_key')}
        hint={keyHint}
      >
        <PasswordInput
          name="api_key"
          autoComplete="off"
          spellCheck={false}
          placeholder={storedKey ? `…${storedKey.hint ?? ''}` : kind?.key_required ? 'sk-…' : ''}
          value={values.api_key}
          onChange={(event) => change('api_key', event.target.value)}
        />
      </Field>

      <DialogFooter>
        <Button variant="secondary" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" loading={pending}>
          {pending ? 'Saving…' : editing ? 'Save changes' : 'Add connection'}
        </Button>
      </DialogFooter>
    </form>
  );
}
