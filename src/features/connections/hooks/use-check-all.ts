import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { checkOnServer, missingResult } from '../api/check-on-server';
import { connectionKeys } from '../api/keys';
import { runBrowserCheck } from '../api/run-browser-check';
import type { CheckResult, Connection, ProviderKind } from '../types/connections';
import { runBounded } from '@core/bounded-run.ts';
import { notChecked, PROBE_TIMEOUT_MS } from '../utils/browser-probe';
import { describeError } from '@/lib/errors';
import { joinWords, plural } from '@/lib/format';

/** Browser probes at once (browsers open about 6 connections per host anyway). */
const BROWSER_CONCURRENCY = 6;
/** The run's deadline for browser probes: every probe's own timeout, plus time to record it. */
const BROWSER_DEADLINE_MS = PROBE_TIMEOUT_MS + 1_000;
/** A stalled stream must not keep the button busy forever: the health function promises to finish within its timeout. */
const SERVER_GUARD_MS = PROBE_TIMEOUT_MS + 10_000;

export interface CheckAllState {
  running: boolean;
  done: number;
  total: number;
  results: ReadonlyMap<string, CheckResult>;
}

const IDLE: CheckAllState = { running: false, done: 0, total: 0, results: new Map() };

export function summarize(results: Iterable<CheckResult>): string {
  const counts = { healthy: 0, degraded: 0, unhealthy: 0, unknown: 0 };
  let total = 0;
  for (const result of results) {
    counts[result.status]++;
    total++;
  }
  const parts = [
    counts.healthy ? `${counts.healthy} healthy` : null,
    counts.degraded ? `${counts.degraded} degraded` : null,
    counts.unhealthy ? `${counts.unhealthy} unhealthy` : null,
    counts.unknown ? `${counts.unknown} not checked` : null,
  ].filter((part): part is string => part !== null);
  return `Checked ${plural(total, 'connection')}: ${joinWords(parts)}.`;
}

/**
 * "Check all": every enabled connection, server-probed ones through the health function's NDJSON
 * stream and browser-probed ones from this tab with bounded concurrency, all at once, with one
 * progress count. It ends within the probe timeout (plus a little) however many servers hang.
 */
export function useCheckAll() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<CheckAllState>(IDLE);
  const controllerRef = useRef<AbortController | null>(null);

  useEffect(() => () => controllerRef.current?.abort(), []);

  const start = useCallback(
    async (connections: readonly Connection[], kinds: ReadonlyMap<string, ProviderKind>) => {
      if (controllerRef.current) return;
      const targets = connections.filter((c) => c.enabled);
      if (targets.length === 0) {
        toast.info('Nothing to check', 'Every connection is disabled. Enable one to check it.');
        return;
      }
      const controller = new AbortController();
      controllerRef.current = controller;
      const results = new Map<string, CheckResult>();
      setState({ running: true, done: 0, total: targets.length, results: new Map() });
      const report = (result: CheckResult) => {
        if (results.has(result.connectionId)) return;
        results.set(result.connectionId, result);
        setState({ running: true, done: results.size, total: targets.length, results: new Map(results) });
      };

      const serverIds = targets.filter((c) => c.probe_from !== 'browser').map((c) => c.id);
      const browserTargets = targets.filter((c) => c.probe_from === 'browser');

      const serverRun = (async () => {
        try {
          await checkOnServer(serverIds, { onResult: report, signal: AbortSignal.any([controller.signal, AbortSignal.timeout(SERVER_GUARD_MS)]) });
        } catch (error) {
          if (controller.signal.aborted) return;
          const message = describeError(error, 'The server could not check this connection');
          for (const id of serverIds) report(missingResult(id, message));
        }
        for (const id of serverIds) report(missingResult(id, 'The server did not report on this connection in time. Check it on its own.'));
      })();

      const browserRun = runBounded(
        browserTargets,
        async (connection, signal) => {
          const kind = kinds.get(connection.kind);
          if (!kind) return missingResult(connection.id, 'This connection has a kind the app does not know. Reload the page.');
          return runBrowserCheck(connection, kind, signal);
        },
        {
          concurrency: BROWSER_CONCURRENCY,
          deadlineMs: BROWSER_DEADLINE_MS,
          signal: controller.signal,
          notStarted: () => ({ connectionId: '', ...toResult(notChecked()) }),
          cutShort: () => ({ connectionId: '', ...toResult(notChecked()) }),
          onSettled: (index, result) => {
            const connection = browserTargets[index];
            if (connection) report({ ...result, connectionId: connection.id });
          },
        },
      );

      await Promise.all([serverRun, browserRun]);
      controllerRef.current = null;
      if (controller.signal.aborted) return;
      setState({ running: false, done: results.size, total: targets.length, results: new Map(results) });
      await queryClient.invalidateQueries({ queryKey: connectionKeys.all });
      const allHealthy = [...results.values()].every((r) => r.status === 'healthy');
      (allHealthy ? toast.success : toast.info)(summarize(results.values()));
    },
    [queryClient],
  );

  return { ...state, start };
}

function toResult(outcome: ReturnType<typeof notChecked>): Omit<CheckResult, 'connectionId'> {
  return { status: outcome.status, latencyMs: null, error: outcome.error, errorCode: outcome.errorCode, checkedAt: new Date().toISOString() };
}
