export type BatchResult = { id: string; ok: true } | { id: string; ok: false; message: string };

/**
 * Runs `act` for each id, one after another (a server loads one model at a time anyway), reporting
 * progress after each. A failure is recorded and the batch goes on: one bad model never stops the rest.
 */
export async function runBatch(ids: readonly string[], act: (id: string) => Promise<unknown>, onProgress: (done: number, results: readonly BatchResult[]) => void): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const id of ids) {
    try {
      await act(id);
      results.push({ id, ok: true });
    } catch (error) {
      results.push({ id, ok: false, message: error instanceof Error ? error.message : 'It failed for an unknown reason.' });
    }
    onProgress(results.length, [...results]);
  }
  return results;
}
