import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { accessTokenFor } from './support/api.ts';
import { PASSWORD, signInWithDiscoveredOllama, withFakeServers } from './support/ollama-user.ts';
import { testStack } from './support/stack.ts';

const LLAMA = 'llama3.2:latest';
const QWEN = 'qwen2.5:7b';
const GEMMA = 'gemma3:4b';

const servers = withFakeServers();

/** A user with a discovered Ollama connection, on the Runtime page. */
async function openRuntime(page: Page, label: string, probeFrom: 'server' | 'browser' = 'server'): Promise<{ email: string; card: Locator }> {
  const { email } = await signInWithDiscoveredOllama(page, servers(), label, probeFrom);
  await page.goto('/runtime');
  const card = page.getByRole('region', { name: 'Home Ollama runtime' });
  await expect(card.getByRole('listitem', { name: LLAMA })).toBeVisible();
  return { email, card };
}

const row = (card: Locator, modelId: string) => card.getByRole('list', { name: 'Models on Home Ollama' }).getByRole('listitem', { name: modelId });

async function storedStatus(email: string, modelId: string): Promise<{ runtime_status: string; runtime_error: string | null }> {
  const token = await accessTokenFor(email, PASSWORD);
  const response = await fetch(`${testStack.apiUrl}/rest/v1/models?select=runtime_status,runtime_error&model_id=eq.${encodeURIComponent(modelId)}`, {
    headers: { apikey: testStack.anonKey, Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { runtime_status: string; runtime_error: string | null }[])[0]!;
}

test('load a model and watch it go from loading to running, then unload it', async ({ page }) => {
  const { email, card } = await openRuntime(page, 'runtime-load');
  await servers().set('ollama', { loadDelayMs: 2_000 });
  const llama = row(card, LLAMA);
  await expect(llama.locator('[data-status]')).toHaveText(/Idle/);

  await llama.getByRole('button', { name: `Load ${LLAMA}` }).click();
  await expect(llama.locator('[data-status="loading"]')).toBeVisible();
  // Other devices see it too: the database says "loading" while the server loads.
  await expect.poll(async () => (await storedStatus(email, LLAMA)).runtime_status).toBe('loading');

  await expect(llama.locator('[data-status="running"]')).toBeVisible({ timeout: 10_000 });
  await expect(llama).toContainText(/in memory · unloads in (4|5) minutes/);
  expect((await storedStatus(email, LLAMA)).runtime_status).toBe('running');

  await llama.getByRole('button', { name: `Unload ${LLAMA}` }).click();
  await expect(llama.locator('[data-status="idle"]')).toBeVisible();
  await expect(llama).not.toContainText('in memory');
});

test('a server only the browser can reach is controlled from the browser, and the status is stored for other devices', async ({ page }) => {
  const { email, card } = await openRuntime(page, 'runtime-browser', 'browser');
  await expect(card).toContainText('controlled from this browser');
  const functionCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/functions/v1/runtime')) functionCalls.push(request.url());
  });
  const llama = row(card, LLAMA);
  await llama.getByRole('button', { name: `Load ${LLAMA}` }).click();
  await expect(llama.locator('[data-status="running"]')).toBeVisible();
  expect((await storedStatus(email, LLAMA)).runtime_status).toBe('running');
  const ps = (await (await fetch(`${servers().ollama}/api/ps`)).json()) as { models: { name: string }[] };
  expect(ps.models.map((m) => m.name)).toEqual([LLAMA]);
  await llama.getByRole('button', { name: `Unload ${LLAMA}` }).click();
  await expect(llama.locator('[data-status="idle"]')).toBeVisible();
  expect(functionCalls).toEqual([]);
});

test('a failing load shows the server’s reason and the model back where it was', async ({ page }) => {
  const { email, card } = await openRuntime(page, 'runtime-fail');
  await servers().set('ollama', { failLoad: QWEN, loadDelayMs: 500 });
  const qwen = row(card, QWEN);

  await qwen.getByRole('button', { name: `Load ${QWEN}` }).click();
  await expect(qwen.locator('[data-status="loading"]')).toBeVisible();
  await expect(page.getByText(`${QWEN} could not be loaded`)).toBeVisible();
  await expect(qwen.locator('[data-status="idle"]')).toBeVisible();
  await expect(qwen.getByRole('note')).toContainText('Last action failed: Ollama could not load qwen2.5:7b: model requires more system memory');
  expect(await storedStatus(email, QWEN)).toMatchObject({ runtime_status: 'idle', runtime_error: expect.stringMatching(/more system memory/) });
});

test('a batch load with one failure finishes the rest and lists every model’s outcome', async ({ page }) => {
  const { card } = await openRuntime(page, 'runtime-batch');
  await servers().set('ollama', { failLoad: QWEN, loadDelayMs: 300 });
  for (const modelId of [LLAMA, QWEN, GEMMA]) await row(card, modelId).getByRole('checkbox', { name: `Select ${modelId}` }).click();
  const selection = card.getByRole('group', { name: 'Selected models' });
  await expect(selection).toContainText('3 models selected');

  await selection.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(selection.getByRole('status')).toHaveText(/Loading [123] of 3/);
  await expect(selection.getByRole('status')).toHaveText('Load: 3 of 3 done', { timeout: 15_000 });
  const results = selection.getByRole('list', { name: 'Batch results' });
  await expect(results.getByRole('listitem')).toHaveCount(3);
  await expect(results).toContainText(`${LLAMA}: done`);
  await expect(results).toContainText(`${QWEN}: Ollama could not load ${QWEN}: model requires more system memory`);
  await expect(results).toContainText(`${GEMMA}: done`);
  await expect(row(card, LLAMA).locator('[data-status="running"]')).toBeVisible();
  await expect(row(card, GEMMA).locator('[data-status="running"]')).toBeVisible();
  await expect(row(card, QWEN).locator('[data-status="idle"]')).toBeVisible();
});

test('deleting a model asks first, then removes it from the server', async ({ page }) => {
  const { card } = await openRuntime(page, 'runtime-delete');
  await row(card, GEMMA).getByRole('button', { name: `Delete ${GEMMA}` }).click();
  const dialog = page.getByRole('alertdialog', { name: `Delete ${GEMMA}?` });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  // The dialog stays open (busy) until the server answered; while it is open the page behind it is
  // hidden from the accessibility tree, so wait for it to close before looking at the list.
  await expect(dialog).toBeHidden();
  await expect(row(card, GEMMA)).toHaveCount(0);
  const tags = (await (await fetch(`${servers().ollama}/api/tags`)).json()) as { models: { name: string }[] };
  expect(tags.models.map((m) => m.name)).not.toContain(GEMMA);
});

test('a server that goes down shows the last known status, marked, and recovers', async ({ page }) => {
  const { card } = await openRuntime(page, 'runtime-down');
  await row(card, LLAMA).getByRole('button', { name: `Load ${LLAMA}` }).click();
  await expect(row(card, LLAMA).locator('[data-status="running"]')).toBeVisible();

  await servers().setMode('ollama', 'server_error');
  await expect(card.getByText('The server cannot be reached')).toBeVisible({ timeout: 15_000 });
  await expect(row(card, LLAMA)).toContainText('Running (last known)');
  await expect(row(card, LLAMA).getByRole('button', { name: `Unload ${LLAMA}` })).toBeDisabled();

  await servers().setMode('ollama', 'ok');
  await expect(card.getByText('The server cannot be reached')).toHaveCount(0, { timeout: 30_000 });
  await expect(row(card, LLAMA).locator('[data-status="running"]')).toBeVisible();
});

test('presets: create with a validation error fixed in place, edit, duplicate, export and import', async ({ page }) => {
  await openRuntime(page, 'runtime-presets');
  const presets = page.getByRole('region', { name: 'Presets' });
  await presets.getByRole('button', { name: 'New preset' }).click();
  const dialog = page.getByRole('dialog', { name: 'New preset' });
  await dialog.getByLabel('Name').fill('Careful writer');
  await dialog.getByRole('combobox', { name: 'Connection' }).click();
  await page.getByRole('option', { name: 'Home Ollama' }).click();
  await dialog.getByLabel('Model').fill(LLAMA);
  await dialog.getByLabel('Temperature').fill('3');
  await dialog.getByRole('button', { name: 'Create preset' }).click();
  await expect(dialog.getByText('Temperature goes from 0 to 2.')).toBeVisible();
  await expect(dialog.getByLabel('Name')).toHaveValue('Careful writer');
  await dialog.getByLabel('Temperature').fill('0.4');
  await dialog.getByLabel('Keep alive').fill('1h');
  await dialog.getByRole('button', { name: 'Create preset' }).click();
  const list = presets.getByRole('list', { name: 'Your presets' });
  await expect(list.getByRole('listitem', { name: 'Careful writer' })).toContainText(`${LLAMA} on Home Ollama · temperature 0.4 · keep alive 1h`);

  await list.getByRole('button', { name: 'Edit Careful writer' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Careful writer”' });
  await edit.getByLabel('Max tokens').fill('2048');
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByRole('listitem', { name: 'Careful writer' })).toContainText('2,048 max tokens');

  await list.getByRole('button', { name: 'Duplicate Careful writer' }).click();
  await expect(list.getByRole('listitem', { name: 'Careful writer (copy)' })).toBeVisible();

  const downloading = page.waitForEvent('download');
  await presets.getByRole('button', { name: 'Export presets' }).click();
  const exported = JSON.parse(await readFile((await (await downloading).path())!, 'utf8')) as { presets: { name: string; connection: string | null; max_tokens: number | null }[] };
  expect(exported.presets.map((p) => [p.name, p.connection, p.max_tokens])).toEqual([
    ['Careful writer', 'Home Ollama', 2048],
    ['Careful writer (copy)', 'Home Ollama', 2048],
  ]);

  const file = { format: 'switchboard-presets', version: 1, exported_at: new Date().toISOString(), presets: [{ name: 'Fast coder', connection: 'Home Ollama', model_id: QWEN, temperature: 0.1 }, { name: 'careful WRITER' }, { name: 'Too hot', temperature: 9 }] };
  await presets.getByLabel('Presets file to import').setInputFiles({ name: 'presets.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(presets.getByText('1 created, 1 already there, 1 not valid.')).toBeVisible();
  await expect(list.getByRole('listitem', { name: 'Fast coder' })).toContainText(`${QWEN} on Home Ollama · temperature 0.1`);
  await expect(presets.getByRole('list', { name: 'Import results' })).toContainText('Too hot: invalid (temperature: Temperature goes from 0 to 2.)');
});
