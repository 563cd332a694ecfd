import { useId, useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { OptionSelect } from '@/components/ui/option-select';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { useZodForm } from '@/hooks/use-zod-form';
import { useConnectionChoices, useModelChoices } from '../api/get-connection-choices';
import { useSavePreset } from '../api/presets';
import { describePresetError } from '../utils/preset-errors';
import { presetFormSchema, toFormValues, type PresetFormValues } from '../utils/preset-schema';
import type { PresetRecord } from '../utils/presets-file';

interface PresetDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Edit this preset; create a new one when absent. */
  preset?: PresetRecord;
}

export function PresetDialog({ open, onOpenChange, preset }: PresetDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="max-w-lg">{open ? <PresetForm preset={preset} onDone={() => onOpenChange(false)} /> : null}</DialogContent>
    </Dialog>
  );
}

function PresetForm({ preset, onDone }: { preset?: PresetRecord; onDone: () => void }) {
  const { values, errors, setValue, handleSubmit, formRef } = useZodForm<PresetFormValues, ReturnType<typeof presetFormSchema.parse>>(presetFormSchema, toFormValues(preset ?? null));
  const [serverError, setServerError] = useState<{ field: 'name' | null; message: string } | null>(null);
  const connections = useConnectionChoices();
  const models = useModelChoices(values.connection_id);
  const save = useSavePreset();
  const listId = useId();

  const change = (name: keyof PresetFormValues, value: string) => {
    setValue(name, value);
    if (serverError?.field === name) setServerError(null);
  };

  const submit = handleSubmit(async (validated) => {
    setServerError(null);
    try {
      await save.mutateAsync({ id: preset?.id, values: validated });
      toast.success(preset ? `Saved “${validated.name}”` : `Created “${validated.name}”`);
      onDone();
    } catch (error) {
      setServerError(describePresetError(error, validated.name));
    }
  });

  const fieldError = (name: keyof PresetFormValues) => errors[name] ?? (serverError?.field === name ? serverError.message : undefined);
  const text = (name: keyof PresetFormValues, label: string, hint: string, props: { inputMode?: 'decimal' | 'numeric'; placeholder?: string } = {}) => (
    <Field label={label} labelAside="Optional" hint={hint} error={fieldError(name)}>
      <Input name={name} value={values[name]} onChange={(event) => change(name, event.target.value)} {...props} />
    </Field>
  );

  return (
    <form ref={formRef} noValidate onSubmit={submit} className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{preset ? `Edit “${preset.name}”` : 'New preset'}</DialogTitle>
        <DialogDescription>A model and the parameters to run it with. The playground can start from it.</DialogDescription>
      </DialogHeader>
      {serverError && serverError.field === null ? <Alert tone="error">{serverError.message}</Alert> : null}
      <Field label="Name" error={fieldError('name')} hint="Unique among your presets.">
        <Input name="name" value={values.name} onChange={(event) => change('name', event.target.value)} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Connection" labelAside="Optional" error={fieldError('connection_id')}>
          <OptionSelect
            label="Connection"
            value={values.connection_id || null}
            onChange={(next) => change('connection_id', next ?? '')}
            options={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            emptyLabel="No connection"
          />
        </Field>
        <Field label="Model" labelAside="Optional" error={fieldError('model_id')} hint="As the connection names it.">
          <Input name="model_id" list={listId} value={values.model_id} onChange={(event) => change('model_id', event.target.value)} />
        </Field>
        <datalist id={listId}>
          {(models.data ?? []).map((id) => (
            <option key={id} value={id} />
          ))}
        </datalist>
        {text('temperature', 'Temperature', '0 to 2', { inputMode: 'decimal', placeholder: '0.7' })}
        {text('top_p', 'Top P', '0 to 1', { inputMode: 'decimal', placeholder: '0.9' })}
        {text('max_tokens', 'Max tokens', 'Longest answer, in tokens', { inputMode: 'numeric', placeholder: '1024' })}
        {text('context_length', 'Context length', 'Tokens the model reads', { inputMode: 'numeric', placeholder: '8192' })}
        {text('keep_alive', 'Keep alive', 'How long a local server keeps it loaded: 5m, 1h, -1 (forever)', { placeholder: '5m' })}
      </div>
      <Field label="System prompt" labelAside="Optional" error={fieldError('system_prompt')}>
        <Textarea name="system_prompt" rows={3} value={values.system_prompt} onChange={(event) => change('system_prompt', event.target.value)} />
      </Field>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={save.isPending}>
          {preset ? 'Save' : 'Create preset'}
        </Button>
      </DialogFooter>
    </form>
  );
}
