import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { accessTokenFor, callRpc, insertRows } from './support/api.ts';
import { startFakeServers, type FakeServers } from '../scripts/testing/fake-servers.ts';
import { PASSWORD, signInAsNewUser } from './support/sign-in.ts';

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;

let fakes: FakeServers;

test.beforeAll(async () => {
  fakes = await startFakeServers();
});

test.afterAll(async () => {
  await fakes?.stop();
});

test.beforeEach(async () => {
  await fakes.reset('ollama');
  await fakes.reset('openai');
});

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function addConnection(page: Page, name: string, baseUrl: string, where: 'From the server' | 'From this browser') {
  await page.getByRole('button', { name: /^Add (your first )?connection$/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a connection' });
  await expect(dialog.getByRole('combobox', { name: 'Kind' })).toHaveText(/Ollama/);
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Base URL').fill(baseUrl);
  await dialog.getByText(where).click();
  await shot(page, 'connections-add-dialog');
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await expect(dialog).toBeHidden();
}

test('an Ollama connection checked by the server turns healthy with its models; its key shows only a hint; a failing server reads as a sentence', async ({ page }) => {
  await signInAsNewUser(page, 'conn-server');
  await expect(page.getByRole('heading', { name: 'Connect your first model provider' })).toBeVisible();

  await addConnection(page, 'Fake Ollama', fakes.ollama, 'From the server');
  const row = page.getByRole('row', { name: /Fake Ollama/ });
  await expect(row.getByText('Healthy')).toBeVisible();
  await expect(row.getByRole('cell', { name: '5', exact: true })).toBeVisible();
  await shot(page, 'connections-list');

  await row.getByRole('link', { name: 'Fake Ollama' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fake Ollama' })).toBeVisible();
  const models = page.getByRole('table', { name: 'Models of Fake Ollama' });
  await expect(models.getByRole('row')).toHaveCount(6);
  await expect(models.getByRole('row', { name: /llama3\.2:latest/ }).getByText('Available')).toBeVisible();
  await expect(page.getByRole('img', { name: /The only check so far: 1 healthy|Latest \d+ checks: \d+ healthy/ })).toBeVisible();

  // The key goes to the lockbox; the page only ever shows its last four characters.
  const key = 'sk-e2e-secret-abcd1234wxyz';
  await page.getByRole('button', { name: 'Set key' }).click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await expect(page.getByLabel('Key ending in wxyz')).toHaveText('…wxyz');
  await expect(page.getByText('API key set (…wxyz)')).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await page.reload();
  await expect(page.getByLabel('Key ending in wxyz')).toBeVisible();
  expect(await page.content()).not.toContain('abcd1234');

  // The server breaks: "Check now" says what happened, in words.
  await fakes.setMode('ollama', 'server_error');
  await page.getByRole('button', { name: 'Check now' }).click();
  const problem = page.getByRole('alert').filter({ hasText: 'The latest check failed' });
  await expect(problem).toContainText('had a problem answering (HTTP 500');
  await expect(page.getByRole('heading', { level: 1, name: 'Fake Ollama' }).locator('..').getByText('Unhealthy')).toBeVisible();
  await shot(page, 'connection-detail-failing');

  // Editing is recorded in the change history by field, never by value.
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Fake Ollama”' });
  await edit.getByLabel('Name').fill('Renamed Ollama');
  await edit.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Renamed Ollama' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Change history' }).getByRole('listitem').first()).toContainText('Name changed');
});

test('a local Ollama checked from the browser: healthy when it allows the app, and told how to allow it when it does not', async ({ page }) => {
  await signInAsNewUser(page, 'conn-browser');
  // Like a real Ollama, the fake allows pages served from this machine (any port) by default.

  await addConnection(page, 'Laptop Ollama', fakes.ollama, 'From this browser');
  const row = page.getByRole('row', { name: /Laptop Ollama/ });
  await expect(row.getByText('Healthy')).toBeVisible();
  await expect(row.getByRole('cell', { name: '5', exact: true })).toBeVisible();

  // An app served from a host Ollama does not allow (a hosted deployment) is refused (CORS): the
  // fake's allowed origins emptied stand in for that. The app says how to fix it.
  await fakes.set('ollama', { corsOrigins: [] });
  await row.getByRole('button', { name: 'Actions for Laptop Ollama' }).click();
  await page.getByRole('menuitem', { name: 'Check now' }).click();
  await expect(row.getByText('Unhealthy')).toBeVisible();
  const origin = new URL(page.url()).origin;
  await expect(page.getByRole('cell', { name: /^Laptop Ollama: / })).toContainText(`set OLLAMA_ORIGINS=${origin} and restart Ollama`);
  await shot(page, 'connections-cors');

  // Deleting asks first, naming the connection and what goes with it.
  await row.getByRole('button', { name: 'Actions for Laptop Ollama' }).click();
  await page.getByRole('menuitem', { name: 'Delete' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete “Laptop Ollama”?' });
  await expect(confirm).toContainText('its 5 models');
  await confirm.getByRole('button', { name: 'Delete connection' }).click();
  await expect(page.getByRole('heading', { name: 'Connect your first model provider' })).toBeVisible();
});

test('imports a legacy configuration and lists what was created, skipped and rejected', async ({ page }) => {
  await signInAsNewUser(page, 'conn-import');
  const legacy = [
    { name: 'Old Ollama', baseUrl: `${fakes.ollama}/`, isActive: true, availableModels: ['llama3.2:latest', 'qwen2.5:7b'] },
    { name: 'Old OpenAI', baseUrl: 'https://api.openai.com/v1', apiKey: 'sk-legacy-key-9876', isActive: false },
    { name: 'old ollama', baseUrl: 'http://localhost:11434', isActive: true },
    { name: 'Broken', baseUrl: 'localhost:1234', isActive: true },
  ];

  await page.getByRole('button', { name: 'Import from an older version' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Configuration (JSON)').fill(JSON.stringify(legacy));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog.getByText(/^2 created, 1 skipped, 1 rejected\./)).toBeVisible();
  const results = dialog.getByRole('list', { name: 'Import results' });
  await expect(results.getByRole('listitem').filter({ hasText: 'Old Ollama' }).first()).toContainText('Created');
  await expect(results.getByRole('listitem').filter({ hasText: 'Old Ollama' }).first()).toContainText('2 models');
  await expect(results.getByRole('listitem').filter({ hasText: 'Old OpenAI' })).toContainText('key stored on the server');
  await expect(results.getByRole('listitem').filter({ hasText: 'old ollama' }).last()).toContainText('An earlier entry in this file is also named “old ollama”.');
  await expect(results.getByRole('listitem').filter({ hasText: 'Broken' })).toContainText('start the address with http:// or https://');
  await shot(page, 'connections-import-results');
  await dialog.getByRole('button', { name: 'Done' }).click();

  await expect(page.getByRole('row', { name: /Old Ollama/ })).toBeVisible();
  const openai = page.getByRole('row', { name: /Old OpenAI/ });
  await expect(openai.getByText('Your key')).toBeVisible();
  await expect(openai.getByRole('switch', { name: 'Old OpenAI enabled' })).not.toBeChecked();
  expect(await page.content()).not.toContain('sk-legacy-key-9876');

  // Names are unique per user, whatever the case: the form says so next to the name, keeping what was typed.
  await page.getByRole('button', { name: 'Add connection' }).click();
  const dialog2 = page.getByRole('dialog', { name: 'Add a connection' });
  await dialog2.getByLabel('Name').fill('old ollama');
  await dialog2.getByRole('button', { name: 'Add connection' }).click();
  await expect(dialog2.getByText('You already have a connection named “old ollama”. Choose another name.')).toBeVisible();
  await expect(dialog2.getByLabel('Name')).toHaveValue('old ollama');
  await expect(dialog2.getByLabel('Name')).toBeFocused();
});

test('"Check all" shows its progress and finishes within the timeout although some servers hang', async ({ page }) => {
  const { email } = await signInAsNewUser(page, 'conn-check-all');
  const token = await accessTokenFor(email, PASSWORD);
  const hanging = (base: string) => `${base}/__fake/mode=hang`;
  const rows = [
    { name: 'Server fast 1', kind: 'ollama', base_url: fakes.ollama, probe_from: 'server' },
    { name: 'Server fast 2', kind: 'ollama', base_url: `${fakes.ollama}/__fake/mode=ok`, probe_from: 'server' },
    { name: 'Server hangs 1', kind: 'ollama', base_url: hanging(fakes.ollama), probe_from: 'server' },
    { name: 'Server hangs 2', kind: 'ollama', base_url: hanging(fakes.ollama), probe_from: 'server' },
    { name: 'Browser fast', kind: 'ollama', base_url: fakes.ollama, probe_from: 'browser' },
    { name: 'Browser hangs 1', kind: 'ollama', base_url: hanging(fakes.ollama), probe_from: 'browser' },
    { name: 'Browser hangs 2', kind: 'ollama', base_url: hanging(fakes.ollama), probe_from: 'browser' },
  ];
  // PostgREST's bulk insert wants the same keys in every row.
  await insertRows(token, 'connections', [...rows.map((row) => ({ ...row, enabled: true })), { name: 'Switched off', kind: 'ollama', base_url: hanging(fakes.ollama), probe_from: 'browser', enabled: false }]);
  await page.reload();
  await page.getByRole('tab', { name: 'Health' }).click();
  await expect(page.getByRole('list', { name: 'Health of each connection' }).getByRole('listitem')).toHaveCount(8);

  const started = Date.now();
  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(page.getByRole('button', { name: /^Checking \d of 7$/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Checking [1-6] of 7$/ })).toBeVisible();
  await shot(page, 'connections-check-all-running');
  await expect(page.getByRole('button', { name: 'Check all' })).toBeVisible({ timeout: 12_000 });
  const elapsed = Date.now() - started;
  // The probe timeout is 5 s; the run must end close to it, not after 4 x 5 s of hanging servers.
  expect(elapsed).toBeLessThan(9_000);

  const health = page.getByRole('list', { name: 'Health of each connection' });
  for (const name of ['Server fast 1', 'Server fast 2', 'Browser fast']) {
    await expect(health.getByRole('listitem').filter({ hasText: name })).toContainText('Healthy');
  }
  for (const name of ['Server hangs 1', 'Browser hangs 1']) {
    await expect(health.getByRole('listitem').filter({ hasText: name })).toContainText(/did not answer within 5 s|Not checked/);
  }
  await expect(health.getByRole('listitem').filter({ hasText: 'Switched off' })).toContainText('Not checked yet');
  await shot(page, 'connections-health');
});

test('exports an account as one file and restores it into another account; a second import adds nothing', async ({ page }, testInfo) => {
  const { email } = await signInAsNewUser(page, 'conn-export');
  const token = await accessTokenFor(email, PASSWORD);
  const [home] = await insertRows<{ id: string }>(token, 'connections', [{ name: 'Home box', kind: 'ollama', base_url: 'http://192.168.1.20:11434', probe_from: 'browser', enabled: true }]);
  await callRpc(token, 'sync_connection_models', { connection_id: home!.id, models: [{ model_id: 'llama3.2:latest', context_length: 131072 }, { model_id: 'qwen2.5:7b' }] });
  await insertRows(token, 'favorite_models', [{ connection_id: home!.id, model_id: 'qwen2.5:7b' }]);
  const [preset] = await insertRows<{ id: string }>(token, 'model_presets', [{ name: 'Terse', connection_id: home!.id, model_id: 'qwen2.5:7b', temperature: 0.2 }]);
  const [generation] = await insertRows<{ id: string }>(token, 'generations', [
    { connection_id: home!.id, preset_id: preset!.id, model_id: 'qwen2.5:7b', prompt: 'Say hi', output: 'Hi!', status: 'completed' },
  ]);
  await insertRows(token, 'generation_favorites', [{ generation_id: generation!.id }]);
  const [collection] = await insertRows<{ id: string }>(token, 'collections', [{ title: 'Greetings' }]);
  await insertRows(token, 'collection_items', [{ collection_id: collection!.id, generation_id: generation!.id }]);

  await page.goto('/settings');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export my data' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^switchboard-export-\d{4}-\d{2}-\d{2}\.json$/);
  const file = testInfo.outputPath('export.json');
  await download.saveAs(file);
  const exported = JSON.parse(await readFile(file, 'utf8'));
  expect(exported).toMatchObject({ format: 'switchboard-export', version: 1, connections: [{ name: 'Home box', models: [{ model_id: 'llama3.2:latest' }, { model_id: 'qwen2.5:7b', favorite: true }] }] });
  await shot(page, 'settings');

  // Another account restores it.
  await page.getByRole('button', { name: 'Sign out' }).first().click();
  await signInAsNewUser(page, 'conn-restore');
  await page.goto('/settings');
  await page.locator('input[type="file"][accept="application/json,.json"]').setInputFiles(file);
  await expect(page.getByText(/^1 connection, 2 models, 1 preset, 1 generation, 1 collection, exported/)).toBeVisible();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Restored 1 connection, 2 models, 1 preset, 1 generation, 1 collection.')).toBeVisible();

  // The same file again: everything is already there.
  await page.locator('input[type="file"][accept="application/json,.json"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByText('Restored 0 connections, 0 models, 0 presets, 0 generations, 0 collections.')).toBeVisible();
  await expect(page.getByText('Skipped connection “Home box”: you already have one with this name, which was kept as it is.')).toBeVisible();
  await expect(page.getByText('1 generation was already here and not duplicated.')).toBeVisible();
  await shot(page, 'settings-restored');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Connections' }).click();
  await page.getByRole('link', { name: 'Home box' }).first().click();
  const models = page.getByRole('table', { name: 'Models of Home box' });
  await expect(models.getByRole('row')).toHaveCount(3);
  await expect(models.getByRole('row', { name: /llama3\.2:latest/ })).toContainText('128K');
});

test('is usable on a narrow screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const { email } = await signInAsNewUser(page, 'conn-narrow');
  const token = await accessTokenFor(email, PASSWORD);
  await insertRows(token, 'connections', [
    { name: 'Phone-sized Ollama', kind: 'ollama', base_url: fakes.ollama, probe_from: 'server', enabled: true },
    { name: 'OpenAI', kind: 'openai', base_url: 'https://api.openai.com', probe_from: 'server', enabled: false },
  ]);
  await page.reload();
  const cards = page.getByRole('list', { name: 'Your connections' });
  await expect(cards.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('table')).toBeHidden();
  await shot(page, 'connections-narrow');
  await page.getByRole('button', { name: 'Add connection' }).click();
  await expect(page.getByRole('dialog', { name: 'Add a connection' })).toBeVisible();
  await shot(page, 'connections-narrow-add');
});
