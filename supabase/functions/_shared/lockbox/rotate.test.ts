import assert from 'node:assert/strict';
import { fromByteaHex, toByteaHex } from './bytea.ts';
import { decryptSecret, encryptSecret } from './crypto.ts';
import { importKeyring, type Keyring } from './keyring.ts';
import { rotateLockbox, type RotationRow, type RotationStore } from './rotate.ts';

const keyBytes = (fill: number) => new Uint8Array(32).fill(fill);
const ring = (...versions: number[]) => importKeyring(versions.map((v) => ({ version: v, bytes: keyBytes(v) })));
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

class MemoryStore implements RotationStore {
  rows = new Map<string, RotationRow>();
  writes = 0;
  /** Called before each replace (simulates a concurrent save). */
  beforeReplace?: (row: RotationRow) => void;

  countByVersion() {
    const counts = new Map<number, number>();
    for (const row of this.rows.values()) counts.set(row.key_version, (counts.get(row.key_version) ?? 0) + 1);
    return Promise.resolve(counts);
  }
  listStale(current: number, after: { owner_id: string; connection_id: string } | null, limit: number) {
    const keyOf = (r: { owner_id: string; connection_id: string }) => `${r.owner_id}:${r.connection_id}`;
    return Promise.resolve(
      [...this.rows.values()]
        .filter((r) => r.key_version !== current && (!after || keyOf(r) > keyOf(after)))
        .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
        .slice(0, limit)
        .map((r) => ({ ...r })),
    );
  }
  replace(previous: RotationRow, next: { ciphertext: string; iv: string; key_version: number }) {
    this.beforeReplace?.(previous);
    const key = `${previous.owner_id}:${previous.connection_id}`;
    const current = this.rows.get(key);
    if (!current || current.iv !== previous.iv || current.key_version !== previous.key_version) {
      return Promise.resolve(false);
    }
    this.writes++;
    this.rows.set(key, { ...current, ...next });
    return Promise.resolve(true);
  }
}

async function seed(store: MemoryStore, keyring: Keyring, count: number, secret = (n: number) => `sk-key-${n}`) {
  for (let n = 1; n <= count; n++) {
    const binding = { ownerId: id(1000 + (n % 3)), connectionId: id(n) };
    const sealed = await encryptSecret(keyring, secret(n), binding);
    store.rows.set(`${binding.ownerId}:${binding.connectionId}`, {
      owner_id: binding.ownerId,
      connection_id: binding.connectionId,
      ciphertext: toByteaHex(sealed.ciphertext),
      iv: toByteaHex(sealed.iv),
      key_version: sealed.keyVersion,
    });
  }
}

Deno.test('rotation re-encrypts every row under the newest key, in batches, and is idempotent', async () => {
  const store = new MemoryStore();
  await seed(store, await ring(1), 7);
  const both = await ring(2, 1);
  const report = await rotateLockbox(both, store, { batchSize: 3 });
  assert.deepEqual(
    { ...report, failed: report.failed.length },
    {
      targetVersion: 2,
      before: { '1': 7 },
      total: 7,
      alreadyCurrent: 0,
      rotated: 7,
      changedMeanwhile: 0,
      failed: 0,
      dryRun: false,
    },
  );
  const onlyNew = await ring(2);
  for (const row of store.rows.values()) {
    assert.equal(row.key_version, 2);
    const plaintext = await decryptSecret(onlyNew, {
      ciphertext: fromByteaHex(row.ciphertext),
      iv: fromByteaHex(row.iv),
      keyVersion: 2,
    }, { ownerId: row.owner_id, connectionId: row.connection_id });
    assert.equal(plaintext, `sk-key-${Number(row.connection_id.slice(-12))}`);
  }
  const again = await rotateLockbox(both, store);
  assert.equal(again.rotated, 0);
  assert.equal(again.alreadyCurrent, 7);
  assert.equal(store.writes, 7, 'a second run writes nothing');
});

Deno.test('rotation reports rows it cannot read, skips rows saved meanwhile, and a dry run writes nothing', async () => {
  const store = new MemoryStore();
  await seed(store, await ring(1), 4);
  // A row under a key nobody has any more, and one whose ciphertext was altered.
  const lostBinding = { ownerId: id(1000), connectionId: id(99) };
  const lost = await encryptSecret(await ring(5), 'sk-lost', lostBinding);
  store.rows.set(`${lostBinding.ownerId}:${lostBinding.connectionId}`, {
    owner_id: lostBinding.ownerId,
    connection_id: lostBinding.connectionId,
    ciphertext: toByteaHex(lost.ciphertext),
    iv: toByteaHex(lost.iv),
    key_version: 5,
  });
  const [first] = store.rows.values();
  first.ciphertext = first.ciphertext.slice(0, -2) + (first.ciphertext.endsWith('ff') ? '00' : 'ff');

  const keyring = await ring(2, 1);
  const dry = await rotateLockbox(keyring, store, { dryRun: true });
  assert.equal(dry.dryRun, true);
  assert.equal(store.writes, 0);
  assert.equal(dry.failed.length, 2);
  assert.equal(dry.rotated, 3);

  let raced = false;
  store.beforeReplace = (row) => {
    if (raced) return;
    raced = true;
    store.rows.get(`${row.owner_id}:${row.connection_id}`)!.iv = toByteaHex(new Uint8Array(12).fill(9));
  };
  const report = await rotateLockbox(keyring, store, { batchSize: 2 });
  assert.equal(report.changedMeanwhile, 1);
  assert.equal(report.rotated, 2);
  assert.deepEqual(report.failed.map((f) => f.reason).sort(), ['decrypt_failed', 'unknown_key_version']);
  assert.ok(!JSON.stringify(report).includes('sk-'), 'the report holds ids and counts, never keys');
});
