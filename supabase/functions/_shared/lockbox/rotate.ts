/**
 * Master key rotation: re-encrypts every lockbox row that is not under the newest key version.
 *
 * Runs outside the functions (`npm run lockbox:rotate`, scripts/lockbox-rotate.ts) against the
 * database, with the same crypto as the lockbox function. Idempotent: rows already under the
 * newest version are never touched, so a second run reports nothing to do. Each row is replaced
 * only if it still holds the ciphertext that was read (compare-and-swap on IV and version), so a
 * key the user saves meanwhile is never overwritten with an older one.
 *
 * Reports ids and counts only: nothing here prints or returns a key.
 */
import { fromByteaHex, toByteaHex } from './bytea.ts';
import { LockboxError, reencrypt } from './crypto.ts';
import type { Keyring } from './keyring.ts';

/** A connection_secrets row, bytea columns in hex text form ("\x..."). */
export interface RotationRow {
  owner_id: string;
  connection_id: string;
  ciphertext: string;
  iv: string;
  key_version: number;
}

export interface RotationStore {
  /** Every row's key version with its count (for the report). */
  countByVersion(): Promise<Map<number, number>>;
  /**
   * Up to `limit` rows whose key_version is not `currentVersion`, ordered by (owner_id,
   * connection_id) and strictly after `after` when given.
   */
  listStale(
    currentVersion: number,
    after: { owner_id: string; connection_id: string } | null,
    limit: number,
  ): Promise<RotationRow[]>;
  /** Replaces the row if it still has `previous`'s IV and version; false when it changed meanwhile. */
  replace(previous: RotationRow, next: { ciphertext: string; iv: string; key_version: number }): Promise<boolean>;
}

export interface RotationFailure {
  owner_id: string;
  connection_id: string;
  /** unknown_key_version (add that key back to LOCKBOX_KEYS) or decrypt_failed (altered or foreign row). */
  reason: string;
}

export interface RotationReport {
  /** The version every row is moved to. */
  targetVersion: number;
  /** Rows per key version before the run. */
  before: Record<string, number>;
  total: number;
  alreadyCurrent: number;
  /** Re-encrypted (or, in a dry run, that would be). */
  rotated: number;
  /** Saved by the lockbox function while the rotation ran (already under a current key). */
  changedMeanwhile: number;
  failed: RotationFailure[];
  dryRun: boolean;
}

export interface RotationOptions {
  batchSize?: number;
  /** Decrypt everything (proving it is readable) but write nothing. */
  dryRun?: boolean;
  onBatch?: (progress: { rotated: number; failed: number }) => void;
}

export async function rotateLockbox(
  keyring: Keyring,
  store: RotationStore,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const dryRun = options.dryRun ?? false;
  const targetVersion = keyring.current.version;
  const counts = await store.countByVersion();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const report: RotationReport = {
    targetVersion,
    before: Object.fromEntries([...counts.entries()].sort(([a], [b]) => a - b).map(([v, n]) => [String(v), n])),
    total,
    alreadyCurrent: counts.get(targetVersion) ?? 0,
    rotated: 0,
    changedMeanwhile: 0,
    failed: [],
    dryRun,
  };

  let after: { owner_id: string; connection_id: string } | null = null;
  for (;;) {
    const rows = await store.listStale(targetVersion, after, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      const binding = { ownerId: row.owner_id, connectionId: row.connection_id };
      let next;
      try {
        next = await reencrypt(keyring, {
          ciphertext: fromByteaHex(row.ciphertext),
          iv: fromByteaHex(row.iv),
          keyVersion: row.key_version,
        }, binding);
      } catch (error) {
        const reason = error instanceof LockboxError ? error.code : 'malformed_row';
        report.failed.push({ owner_id: row.owner_id, connection_id: row.connection_id, reason });
        continue;
      }
      if (dryRun) {
        report.rotated++;
        continue;
      }
      const replaced = await store.replace(row, {
        ciphertext: toByteaHex(next.ciphertext),
        iv: toByteaHex(next.iv),
        key_version: next.keyVersion,
      });
      if (replaced) report.rotated++;
      else report.changedMeanwhile++;
    }
    const last = rows[rows.length - 1];
    after = { owner_id: last.owner_id, connection_id: last.connection_id };
    options.onBatch?.({ rotated: report.rotated, failed: report.failed.length });
    if (rows.length < batchSize) break;
  }
  return report;
}
