import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { accessTokenFor, callRpc, insertRows } from './support/api.ts';
import { createUser, testStack, uniqueEmail } from './support/stack.ts';

const PASSWORD = 'e2e-correct-horse-battery';

/**
 * A user with one connection whose discovery listed three models, seeded as that user (RLS applies)
 * through PostgREST. Not supabase-js: in Node 20 its realtime client needs a WebSocket Node lacks.
 */
async function seedUserWithModels(label: string): Promise<string> {
  const email = uniqueEmail(label);
  await createUser(email, PASSWORD);
  const token = await accessTokenFor(email, PASSWORD);
  const [connection] = await insertRows<{ id: string }>(token, 'connections', [
    { name: 'Lab OpenAI', kind: 'ollama', base_url: 'http://127.0.0.1:9', probe_from: 'browser', enabled: true },
  ]);
  if (!connection) throw new Error('The connection was not created.');
  await callRpc(token, 'sync_connection_models', {
    connection_id: connection.id,
    models: [
      { model_id: 'gpt-4o', display_name: 'GPT-4o', context_length: 128000, prompt_price_per_mtok: 2.5, completion_price_per_mtok: 10 },
      { model_id: 'gpt-4o-mini', context_length: 128000 },
      { model_id: 'o3-mini' },
    ],
  });
  return email;
}

/** The model ids of the seeded connection whose flags are stored on the server. */
async function serverPreferences(email: string): Promise<Record<string, boolean>> {
  const token = await accessTokenFor(email, PASSWORD);
  const snapshot = await callRpc<{ models: { model_id: string; enabled: boolean }[] }>(token, 'get_model_preferences', {});
  return Object.fromEntries(snapshot.models.map((m) => [m.model_id, m.enabled]));
}

async function serverFavorites(email: string): Promise<string[]> {
  const token = await accessTokenFor(email, PASSWORD);
  const response = await fetch(`${testStack.apiUrl}/rest/v1/favorite_models?select=model_id&order=model_id`, {
    headers: { apikey: testStack.anonKey, Authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as { model_id: string }[]).map((row) => row.model_id);
}

async function openModels(page: Page) {
  await page.goto('/models');
  await expect(page.getByRole('region', { name: 'Model catalog' }).getByText(/^\d+ models$/)).toBeVisible();
}

const pickerOf = (page: Page) => page.getByRole('region', { name: 'Quick pick' });
const catalogList = (page: Page) => page.getByRole('region', { name: 'Model catalog' }).getByRole('list', { name: 'Models' });
const enableSwitch = (page: Page, modelId: string) => catalogList(page).getByRole('switch', { name: `Enable ${modelId} on Lab OpenAI` });

async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
}

test('star in the catalog shows in the picker’s Favorites; a failed unstar rolls back with a toast; "gpt4o" finds gpt-4o', async ({ page }) => {
  const email = await seedUserWithModels('models');
  await signIn(page, email);
  await page.goto('/models');
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  const catalog = page.getByRole('region', { name: 'Model catalog' });
  await expect(catalog.getByText('3 models', { exact: true })).toBeVisible();

  await catalog.getByRole('searchbox', { name: 'Search models by name or id' }).fill('gpt4o');
  await expect(catalog.getByText('2 of 3 models')).toBeVisible();
  const list = catalog.getByRole('list', { name: 'Models' });
  await expect(list.getByText('gpt-4o', { exact: true })).toBeVisible();
  await expect(list.getByText('o3-mini')).toHaveCount(0);

  const picker = pickerOf(page);
  await expect(picker.getByRole('tab', { name: 'Favorites (0)' })).toBeVisible();

  const saved = page.waitForResponse((response) => response.url().includes('/rest/v1/rpc/set_model_favorite') && response.ok());
  await list.getByRole('button', { name: 'Add gpt-4o to favorites' }).click();
  await expect(list.getByRole('button', { name: 'Remove gpt-4o from favorites' })).toHaveAttribute('aria-pressed', 'true');
  await saved;

  await picker.getByRole('tab', { name: 'Favorites (1)' }).click();
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toHaveAttribute('aria-selected', 'true');
  const favorites = picker.getByRole('listbox', { name: 'Favorite models to pick' });
  await expect(favorites.getByRole('option', { name: /^GPT-4o \(gpt-4o\)/ })).toBeVisible();

  // Search works inside the Favorites tab only: o3-mini exists, but it is not a favorite.
  await picker.getByRole('searchbox', { name: 'Search favorites' }).fill('o3');
  await expect(picker.getByText('No favorites match “o3”: try another name or clear the search.')).toBeVisible();
  await picker.getByRole('searchbox', { name: 'Search favorites' }).fill('GPT 4O');
  await expect(favorites.getByRole('option')).toHaveCount(1);

  await page.route('**/rest/v1/rpc/set_model_favorite', (route) => route.abort('internetdisconnected'));
  await list.getByRole('button', { name: 'Remove gpt-4o from favorites' }).click();
  await expect(page.getByText(/GPT-4o could not be removed from favorites/)).toBeVisible();
  await expect(list.getByRole('button', { name: 'Remove gpt-4o from favorites' })).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toBeVisible();
});

test('a preference toggled in one tab shows in the other at once, and survives on the server', async ({ context }) => {
  const email = await seedUserWithModels('two-tabs');
  const first = await context.newPage();
  await signIn(first, email);
  await openModels(first);
  const second = await context.newPage();
  await openModels(second);
  await expect(pickerOf(second).getByRole('tab', { name: 'All (3)' })).toBeVisible();

  await enableSwitch(first, 'o3-mini').click();
  await expect(enableSwitch(first, 'o3-mini')).toHaveAttribute('aria-checked', 'false');

  // No reload, no focus change: the second tab hears it from the first.
  await expect(enableSwitch(second, 'o3-mini')).toHaveAttribute('aria-checked', 'false');
  await expect(pickerOf(second).getByRole('tab', { name: 'All (2)' })).toBeVisible();
  expect(await serverPreferences(email)).toMatchObject({ 'o3-mini': false, 'gpt-4o': true });
});

test('a reload paints the last known catalog and preferences at once, then syncs to "Synced just now"', async ({ page }) => {
  const email = await seedUserWithModels('reload');
  await signIn(page, email);
  await openModels(page);
  await enableSwitch(page, 'gpt-4o-mini').click();
  await expect(page.getByTestId('sync-badge')).toHaveText(/Synced just now/);
  // The catalog snapshot is written once things settle.
  await expect.poll(() => page.evaluate(() => localStorage.getItem('switchboard.model-catalog') !== null)).toBe(true);

  // Pretend the last sync was ten minutes ago, and hold every API request after the reload.
  await page.evaluate(() => {
    const key = 'switchboard.model-preferences';
    const stored = JSON.parse(localStorage.getItem(key) ?? '{}') as { state: { lastSyncedAt: number } };
    stored.state.lastSyncedAt = Date.now() - 10 * 60_000;
    localStorage.setItem(key, JSON.stringify(stored));
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/rest/v1/**', async (route) => {
    await released;
    await route.continue();
  });
  await page.reload();

  // Painted from this browser's storage while the server has not answered anything.
  await expect(catalogList(page).getByText('gpt-4o-mini', { exact: true }).first()).toBeVisible();
  await expect(enableSwitch(page, 'gpt-4o-mini')).toHaveAttribute('aria-checked', 'false');
  await expect(page.getByTestId('sync-badge')).toHaveText(/Stale/);

  release();
  await expect(page.getByTestId('sync-badge')).toHaveText(/Synced just now/);
  await expect(enableSwitch(page, 'gpt-4o-mini')).toHaveAttribute('aria-checked', 'false');
});

test('the picker works with the keyboard alone: search, arrows, star, pick', async ({ page }) => {
  const email = await seedUserWithModels('keyboard');
  await signIn(page, email);
  await openModels(page);
  const picker = pickerOf(page);

  const search = picker.getByRole('searchbox', { name: 'Search models' });
  await search.focus();
  await page.keyboard.type('gpt');
  await expect(picker.getByRole('tab', { name: 'All (3)' })).toBeVisible();
  const list = picker.getByRole('listbox', { name: 'Models to pick' });
  await expect(list.getByRole('option')).toHaveCount(2);

  await page.keyboard.press('ArrowDown');
  await expect(list).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const active = async () => (await list.getAttribute('aria-activedescendant')) ?? '';
  await expect(page.locator(`#${await active()}`)).toHaveAttribute('aria-label', /^gpt-4o-mini \(gpt-4o-mini\)/);

  await page.keyboard.press('s');
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toBeVisible();
  await expect.poll(() => serverFavorites(email)).toEqual(['gpt-4o-mini']);

  await page.keyboard.press('Enter');
  await expect(picker.getByText('Picked gpt-4o-mini on Lab OpenAI')).toBeVisible();

  // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
  await picker.getByRole('tab', { name: 'All (3)' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toHaveAttribute('aria-selected', 'true');
});

test('a star clicked offline waits, then is saved when the network returns', async ({ page, context }) => {
  const email = await seedUserWithModels('offline');
  await signIn(page, email);
  await openModels(page);
  const star = catalogList(page).getByRole('button', { name: /o3-mini (to|from) favorites/ });

  await context.setOffline(true);
  await star.click();
  await expect(star).toHaveAttribute('aria-pressed', 'true');
  await expect(star).toHaveAttribute('aria-busy', 'true');
  await expect(pickerOf(page).getByRole('tab', { name: 'Favorites (1)' })).toBeVisible();
  expect(await serverFavorites(email)).toEqual([]);

  await context.setOffline(false);
  await expect(star).toHaveAttribute('aria-busy', 'false');
  await expect.poll(() => serverFavorites(email)).toEqual(['o3-mini']);
  await expect(page.getByText(/could not be added/)).toHaveCount(0);
});

test('"Enable only favorites" leaves just the starred models in the picker', async ({ page }) => {
  const email = await seedUserWithModels('bulk');
  await signIn(page, email);
  await openModels(page);
  await catalogList(page).getByRole('button', { name: 'Add o3-mini to favorites' }).click();
  await expect.poll(() => serverFavorites(email)).toEqual(['o3-mini']);

  const card = page.getByRole('region', { name: 'Which models show up' });
  await card.getByRole('button', { name: 'Choose which models of Lab OpenAI are enabled' }).click();
  await page.getByRole('menuitem', { name: 'Enable only favorites' }).click();

  await expect(card.getByLabel('1 of 3 models of Lab OpenAI enabled')).toBeVisible();
  await expect(pickerOf(page).getByRole('tab', { name: 'All (1)' })).toBeVisible();
  expect(await serverPreferences(email)).toEqual({ 'gpt-4o': false, 'gpt-4o-mini': false, 'o3-mini': true });

  await card.getByRole('button', { name: 'Choose which models of Lab OpenAI are enabled' }).click();
  await page.getByRole('menuitem', { name: 'Enable all models' }).click();
  await expect(pickerOf(page).getByRole('tab', { name: 'All (3)' })).toBeVisible();
});

test('favorites export as JSON, and an import stars what matches and says why the rest did not', async ({ page }) => {
  const email = await seedUserWithModels('favorites-file');
  await signIn(page, email);
  await openModels(page);
  await catalogList(page).getByRole('button', { name: 'Add gpt-4o to favorites' }).click();
  await expect.poll(() => serverFavorites(email)).toEqual(['gpt-4o']);

  const card = page.getByRole('region', { name: 'Favorites file' });
  const downloading = page.waitForEvent('download');
  await card.getByRole('button', { name: 'Export favorites' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^switchboard-favorites-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as { favorites: unknown[] };
  expect(exported.favorites).toEqual([{ connection: 'Lab OpenAI', kind: 'ollama', model_id: 'gpt-4o', starred_at: expect.any(String) }]);

  const file = {
    format: 'switchboard-favorites',
    version: 1,
    exported_at: new Date().toISOString(),
    favorites: [
      { connection: 'Lab OpenAI', model_id: 'o3-mini' },
      { connection: 'Lab OpenAI', model_id: 'gpt-4o' },
      { connection: 'Somewhere else', model_id: 'claude-3-5-sonnet' },
    ],
  };
  await card.getByLabel('Favorites file to import').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });

  await expect(card.getByText('1 starred, 1 already favorites, 1 without a matching connection.')).toBeVisible();
  await expect(card.getByRole('list', { name: 'Entries not starred' })).toContainText('You have no connection named “Somewhere else”');
  await expect.poll(() => serverFavorites(email)).toEqual(['gpt-4o', 'o3-mini']);
  await expect(pickerOf(page).getByRole('tab', { name: 'Favorites (2)' })).toBeVisible();

  await card.getByLabel('Favorites file to import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await expect(card.getByText('This is not a Switchboard favorites file. Choose a file made by “Export favorites”.')).toBeVisible();
});
