import { expect, test, type Page } from '@playwright/test';
import { accessTokenFor, callRpc, insertRows } from './support/api.ts';
import { createUser, uniqueEmail } from './support/stack.ts';

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

  const picker = page.getByRole('complementary', { name: 'Quick pick' });
  await expect(picker.getByRole('tab', { name: 'Favorites (0)' })).toBeVisible();

  const saved = page.waitForResponse((response) => response.url().includes('/rest/v1/rpc/set_model_favorite') && response.ok());
  await list.getByRole('button', { name: 'Add gpt-4o to favorites' }).click();
  await expect(list.getByRole('button', { name: 'Remove gpt-4o from favorites' })).toHaveAttribute('aria-pressed', 'true');
  await saved;

  await picker.getByRole('tab', { name: 'Favorites (1)' }).click();
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toHaveAttribute('aria-selected', 'true');
  await expect(picker.getByRole('listbox', { name: 'Favorite models to pick' }).getByRole('option', { name: /^GPT-4o \(gpt-4o\)/ })).toBeVisible();

  await page.route('**/rest/v1/rpc/set_model_favorite', (route) => route.abort('internetdisconnected'));
  await list.getByRole('button', { name: 'Remove gpt-4o from favorites' }).click();
  await expect(page.getByText(/GPT-4o could not be removed from favorites/)).toBeVisible();
  await expect(list.getByRole('button', { name: 'Remove gpt-4o from favorites' })).toHaveAttribute('aria-pressed', 'true');
  await expect(picker.getByRole('tab', { name: 'Favorites (1)' })).toBeVisible();
});
