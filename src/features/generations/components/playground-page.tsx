import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Play, Square } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { OptionSelect } from '@/components/ui/option-select';
import { Textarea } from '@/components/ui/textarea';
import { paths } from '@/config/paths';
import { usePlaygroundPresets, useRunnableConnections, type PlaygroundPreset } from '../api/get-runnable-connections';
import { useRun } from '../hooks/use-run';
import { promptProblems, type PromptField } from '../utils/prompt-fields';
import { parseRunParameters, type ParameterFields } from '../utils/run-parameters';
import { HeartButton } from './heart-button';

export interface ModelChoice {
  connectionId: string;
  modelId: string;
}

interface PlaygroundPageProps {
  /** The model picker, composed by the app (it belongs to the models feature). */
  renderPicker: (value: ModelChoice | null, onChange: (value: ModelChoice) => void) => ReactNode;
  /** A generation to run again: its model, prompt and parameters prefill the form. */
  initial?: { choice: ModelChoice; prompt: string; systemPrompt: string | null; parameters: Record<string, unknown> } | null;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Choose a model (or a preset), write a prompt, run it, watch it stream, cancel it. */
export function PlaygroundPage({ renderPicker, initial = null }: PlaygroundPageProps) {
  const connections = useRunnableConnections();
  const presets = usePlaygroundPresets();
  const { state, run, cancel } = useRun();
  const [choice, setChoice] = useState<ModelChoice | null>(initial?.choice ?? null);
  const [presetId, setPresetId] = useState<string | null>(null);
  const [prompt, setPrompt] = useState(initial?.prompt ?? '');
  const [systemPrompt, setSystemPrompt] = useState(initial?.systemPrompt ?? '');
  const [fields, setFields] = useState<ParameterFields>({
    temperature: text(initial?.parameters.temperature),
    top_p: text(initial?.parameters.top_p),
    max_tokens: text(initial?.parameters.max_tokens),
    context_length: text(initial?.parameters.context_length),
    keep_alive: text(initial?.parameters.keep_alive),
  });
  const [problems, setProblems] = useState<Partial<Record<keyof ParameterFields | PromptField, string>>>({});
  // A refusal of the last run that belongs next to a field shows there until that field is edited.
  const [editedSinceRun, setEditedSinceRun] = useState<ReadonlySet<PromptField>>(new Set());

  const applyPreset = (preset: PlaygroundPreset | undefined) => {
    setPresetId(preset?.id ?? null);
    if (!preset) return;
    if (preset.connection_id && preset.model_id) setChoice({ connectionId: preset.connection_id, modelId: preset.model_id });
    if (preset.system_prompt !== null) setSystemPrompt(preset.system_prompt);
    setFields({ temperature: text(preset.temperature), top_p: text(preset.top_p), max_tokens: text(preset.max_tokens), context_length: text(preset.context_length), keep_alive: text(preset.keep_alive) });
  };

  const running = state.phase === 'running';
  const connection = connections.data?.find((c) => c.id === choice?.connectionId);

  const submit = () => {
    const parsed = parseRunParameters(fields);
    // A run from this browser records the prompt itself, so its text must be storable first.
    const textProblems = promptProblems(prompt, systemPrompt, connection?.probe_from === 'browser');
    const next: typeof problems = { ...(parsed.ok ? {} : parsed.errors), ...textProblems };
    if (!choice) next.model = 'Pick a model to run the prompt on.';
    setProblems(next);
    setEditedSinceRun(new Set());
    if (!parsed.ok || !choice || Object.keys(textProblems).length > 0 || !connection) return;
    void run(connection, { connectionId: choice.connectionId, modelId: choice.modelId, prompt, systemPrompt: systemPrompt.trim() === '' ? null : systemPrompt, presetId, parameters: parsed.parameters });
  };

  const runRefusal = state.phase === 'failed' && state.field && !editedSinceRun.has(state.field) ? { field: state.field, message: state.message } : null;
  const fieldProblem = (field: PromptField) => problems[field] ?? (runRefusal?.field === field ? runRefusal.message : undefined);
  const edited = (field: PromptField) => {
    setEditedSinceRun((current) => new Set(current).add(field));
    setProblems(({ [field]: _fixed, ...rest }) => rest);
  };

  const param = (name: keyof ParameterFields, label: string, hint: string, placeholder: string) => (
    <Field label={label} labelAside="Optional" hint={hint} error={problems[name]}>
      <Input name={name} placeholder={placeholder} value={fields[name]} onChange={(event) => setFields({ ...fields, [name]: event.target.value })} />
    </Field>
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <Card role="region" aria-label="Model">
        <CardHeader>
          <CardTitle>Model</CardTitle>
          <CardDescription>Pick one, or start from a preset.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field label="Preset" labelAside="Optional">
            <OptionSelect
              label="Preset"
              value={presetId}
              onChange={(id) => applyPreset(presets.data?.find((p) => p.id === id))}
              options={(presets.data ?? []).map((preset) => ({ value: preset.id, label: preset.name }))}
              emptyLabel="No preset"
            />
          </Field>
          {renderPicker(choice, setChoice)}
          {fieldProblem('model') ? <p className="text-sm text-destructive-soft-foreground">{fieldProblem('model')}</p> : null}
        </CardContent>
      </Card>

      <div className="grid content-start gap-6">
        <Card role="region" aria-label="Prompt">
          <CardContent className="grid gap-4 pt-6">
            <p className="text-sm text-muted-foreground" aria-live="polite">
              {choice ? (
                <>
                  Runs <span className="font-mono text-foreground">{choice.modelId}</span> on {connection?.name ?? 'its connection'}
                  {connection?.probe_from === 'browser' ? ' from this browser' : ''}.
                </>
              ) : (
                'No model picked yet.'
              )}
            </p>
            <Field label="Prompt" error={fieldProblem('prompt')}>
              <Textarea
                name="prompt"
                rows={5}
                value={prompt}
                onChange={(event) => {
                  setPrompt(event.target.value);
                  edited('prompt');
                }}
              />
            </Field>
            <Field label="System prompt" labelAside="Optional" error={fieldProblem('system_prompt')}>
              <Textarea
                name="system_prompt"
                rows={2}
                value={systemPrompt}
                onChange={(event) => {
                  setSystemPrompt(event.target.value);
                  edited('system_prompt');
                }}
              />
            </Field>
            <div className="grid gap-4 sm:grid-cols-3">
              {param('temperature', 'Temperature', '0 to 2', '0.7')}
              {param('top_p', 'Top P', '0 to 1', '0.9')}
              {param('max_tokens', 'Max tokens', 'Longest answer', '1024')}
              {param('context_length', 'Context length', 'Local servers', '8192')}
              {param('keep_alive', 'Keep alive', 'Ollama: 5m, 1h, -1', '5m')}
            </div>
            <div className="flex gap-2">
              {running ? (
                <Button type="button" variant="secondary" onClick={cancel}>
                  <Square /> Cancel
                </Button>
              ) : (
                <Button type="button" onClick={submit}>
                  <Play /> Run
                </Button>
              )}
            </div>
          </CardContent>
        </Card>

        <Card role="region" aria-label="Output">
          <CardHeader className="flex flex-row items-center justify-between gap-3">
            <CardTitle>Output</CardTitle>
            <RunStatus state={state} />
          </CardHeader>
          <CardContent className="grid gap-3">
            {state.phase === 'failed' && !state.field ? <Alert tone="error">{state.message}</Alert> : null}
            {state.phase === 'failed' && state.field ? <Alert tone="error">The prompt was not run: see the note next to the {state.field === 'model' ? 'model' : state.field === 'prompt' ? 'prompt' : 'system prompt'}.</Alert> : null}
            {state.phase === 'finished' && state.result.status === 'error' ? <Alert tone="error">{state.result.error}</Alert> : null}
            <pre aria-label="Answer" aria-busy={running} className="min-h-32 whitespace-pre-wrap rounded-md border border-border bg-muted/40 p-3 font-sans text-sm">
              {state.phase === 'idle' ? <span className="text-muted-foreground">Run a prompt: the answer appears here as it is written.</span> : state.output}
            </pre>
            {state.phase === 'finished' && state.result.generationId ? (
              <div className="flex flex-wrap items-center gap-3 text-xs text-muted-foreground">
                <HeartButton generationId={state.result.generationId} />
                {state.result.latencyMs !== null ? <span>{(state.result.latencyMs / 1000).toFixed(1)} s</span> : null}
                {state.result.firstTokenMs !== null ? <span>first token after {state.result.firstTokenMs} ms</span> : null}
                {state.result.completionTokens !== null ? <span>{state.result.completionTokens} tokens out</span> : null}
                <Link className="text-primary underline" to={paths.generations}>
                  See it in Generations
                </Link>
              </div>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function RunStatus({ state }: { state: ReturnType<typeof useRun>['state'] }) {
  if (state.phase === 'running') return <Badge tone="degraded">Streaming…</Badge>;
  if (state.phase === 'failed') return <Badge tone="unhealthy">Failed</Badge>;
  if (state.phase !== 'finished') return null;
  const look = { completed: ['healthy', 'Completed'], cancelled: ['unknown', 'Cancelled'], error: ['unhealthy', 'Error'] } as const;
  const [tone, label] = look[state.result.status];
  return (
    <Badge tone={tone} dot>
      {label}
    </Badge>
  );
}
