import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { runInBrowser } from '../api/run-in-browser';
import { runOnServer } from '../api/run-generation';
import { generationKeys } from '../api/keys';
import type { RunInput, RunnableConnection, RunResult } from '../types/generations';
import { runErrorField, type PromptField } from '../utils/prompt-fields';

export type RunState =
  | { phase: 'idle' }
  | { phase: 'running'; output: string }
  | { phase: 'finished'; output: string; result: RunResult }
  /** `field`: the form field the refusal is about (the generate function's 400 names it), if any. */
  | { phase: 'failed'; output: string; message: string; field: PromptField | null };

/**
 * One playground run at a time: the output grows as tokens stream in; cancel aborts the request
 * (and so the provider call). Where it runs follows the connection: the generate function, or this
 * browser for servers only it can reach.
 */
export function useRun() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<RunState>({ phase: 'idle' });
  const controller = useRef<AbortController | null>(null);

  const run = useCallback(
    async (connection: RunnableConnection, input: RunInput) => {
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      let output = '';
      setState({ phase: 'running', output: '' });
      const onToken = (text: string) => {
        output += text;
        setState({ phase: 'running', output });
      };
      try {
        const result = connection.probe_from === 'browser' ? await runInBrowser(connection, input, abort.signal, onToken) : await runOnServer(input, abort.signal, onToken);
        setState({ phase: 'finished', output: result.output || output, result });
      } catch (error) {
        const message = typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : 'The run failed. Try again.';
        setState({ phase: 'failed', output, message, field: runErrorField(error) });
      } finally {
        if (controller.current === abort) controller.current = null;
        await queryClient.invalidateQueries({ queryKey: generationKeys.lists() });
      }
    },
    [queryClient],
  );

  const cancel = useCallback(() => controller.current?.abort(), []);
  return { state, run, cancel };
}
