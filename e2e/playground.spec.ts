import { expect, test, type Page } from '@playwright/test';
import { insertRows } from './support/api.ts';
import { signInWithDiscoveredOllama, withFakeServers } from './support/ollama-user.ts';
import { testStack } from './support/stack.ts';

const LLAMA = 'llama3.2:latest';

const servers = withFakeServers();
const signInWithOllama = (page: Page, label: string) => signInWithDiscoveredOllama(page, servers(), label);

async function pickModelAndWrite(page: Page, prompt: string) {
  await page.goto('/playground');
  await page.getByRole('listbox', { name: 'Models to run' }).getByRole('option', { name: new RegExp(`^${LLAMA.replace('.', '\\.')}`) }).click();
  await expect(page.getByText(`Runs ${LLAMA} on Home Ollama`)).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt);
}

async function storedGenerations(token: string): Promise<{ status: string; output: string }[]> {
  const response = await fetch(`${testStack.apiUrl}/rest/v1/generations?select=status,output&order=created_at.desc`, { headers: { apikey: testStack.anonKey, Authorization: `Bearer ${token}` } });
  return (await response.json()) as { status: string; output: string }[];
}

test('a prompt streams in token by token, is saved, and can be hearted', async ({ page }) => {
  const { token } = await signInWithOllama(page, 'play-stream');
  await servers().set('ollama', { tokenDelayMs: 250 });
  await pickModelAndWrite(page, 'Tell me a story');
  await page.getByRole('button', { name: 'Run' }).click();

  const answer = page.getByLabel('Answer');
  const output = page.getByRole('region', { name: 'Output' });
  await expect(output.getByText('Streaming…')).toBeVisible();
  // Part of the answer is on screen while the rest is still being written.
  await expect(answer).toContainText('This is a fake');
  await expect(answer).not.toContainText('Tell me a story');
  await expect(output.getByText('Completed')).toBeVisible({ timeout: 15_000 });
  await expect(answer).toHaveText(`This is a fake answer from ${LLAMA} to: Tell me a story`);
  expect(await storedGenerations(token)).toEqual([{ status: 'completed', output: `This is a fake answer from ${LLAMA} to: Tell me a story` }]);

  await output.getByRole('button', { name: 'Heart this generation' }).click();
  await expect(output.getByRole('button', { name: 'Remove the heart' })).toHaveAttribute('aria-pressed', 'true');
  await page.goto('/generations');
  await page.getByRole('switch', { name: 'Hearted only' }).click();
  const card = page.getByRole('article', { name: /Generation: Tell me a story/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('button', { name: 'Remove the heart' })).toHaveAttribute('aria-pressed', 'true');
});

test('on a server only the browser can reach, the prompt runs from the browser and is saved', async ({ page }) => {
  const { token } = await signInWithDiscoveredOllama(page, servers(), 'play-browser', 'browser');
  const functionCalls: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/functions/v1/generate')) functionCalls.push(request.url());
  });
  await pickModelAndWrite(page, 'Hello from the browser');
  await expect(page.getByText(`Runs ${LLAMA} on Home Ollama from this browser.`)).toBeVisible();
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Output' }).getByText('Completed')).toBeVisible();
  await expect(page.getByLabel('Answer')).toHaveText(`This is a fake answer from ${LLAMA} to: Hello from the browser`);
  expect(await storedGenerations(token)).toEqual([{ status: 'completed', output: `This is a fake answer from ${LLAMA} to: Hello from the browser` }]);
  expect(functionCalls).toEqual([]);
});

test('cancel stops the stream and the run is saved as cancelled with what arrived', async ({ page }) => {
  const { token } = await signInWithOllama(page, 'play-cancel');
  await servers().set('ollama', { tokenDelayMs: 400 });
  await pickModelAndWrite(page, 'A very long answer please');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Answer')).toContainText('This');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('region', { name: 'Output' }).getByText('Cancelled')).toBeVisible();
  await expect.poll(async () => (await storedGenerations(token))[0]?.status).toBe('cancelled');
  const [saved] = await storedGenerations(token);
  expect(saved!.output.length).toBeGreaterThan(0);
  expect(saved!.output).not.toContain('A very long answer please');
});

test('a bad parameter is named next to its field and nothing typed is lost', async ({ page }) => {
  await signInWithOllama(page, 'play-invalid');
  await pickModelAndWrite(page, 'Keep this prompt');
  await page.getByLabel('Temperature').fill('5');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByText('Temperature is a number from 0 to 2.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Prompt', exact: true })).toHaveValue('Keep this prompt');
});

test('collections: create two, add a generation to both, see the counts, rename one and delete one', async ({ page }) => {
  const { token, connectionId } = await signInWithOllama(page, 'play-collections');
  await insertRows(token, 'generations', [{ connection_id: connectionId, model_id: LLAMA, prompt: 'Write a haiku', output: 'Autumn moonlight', status: 'completed' }]);
  await page.goto('/collections');
  for (const title of ['Poems', 'Keepers']) {
    await page.getByLabel('New collection').fill(title);
    await page.getByRole('button', { name: 'Create collection' }).click();
    await expect(page.getByRole('list', { name: 'Your collections' }).getByRole('listitem', { name: title })).toBeVisible();
  }
  await page.getByLabel('New collection').fill('poems');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expect(page.getByText('You already have a collection called “poems” (titles ignore case). Choose another title.')).toBeVisible();

  await page.goto('/generations');
  const card = page.getByRole('article', { name: /Generation: Write a haiku/ });
  await card.getByRole('button', { name: 'Add to collections' }).click();
  await page.getByRole('menuitemcheckbox', { name: 'Poems' }).click();
  await expect(page.getByRole('menuitemcheckbox', { name: 'Poems' })).toHaveAttribute('aria-checked', 'true');
  await page.getByRole('menuitemcheckbox', { name: 'Keepers' }).click();
  await expect(page.getByRole('menuitemcheckbox', { name: 'Keepers' })).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('Escape');

  await page.goto('/collections');
  const list = page.getByRole('list', { name: 'Your collections' });
  await expect(list.getByRole('listitem', { name: 'Poems' })).toContainText('1 generation');
  await expect(list.getByRole('listitem', { name: 'Keepers' })).toContainText('1 generation');

  await list.getByRole('button', { name: 'Rename Keepers' }).click();
  await page.getByLabel('New title for Keepers').fill('Best of');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(list.getByRole('listitem', { name: 'Best of' })).toContainText('1 generation');

  await list.getByRole('button', { name: 'Delete Poems' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
  // While the dialog is open the list is hidden from the accessibility tree: wait for it to close.
  await expect(page.getByRole('alertdialog')).toBeHidden();
  await expect(list.getByRole('listitem', { name: 'Poems' })).toHaveCount(0);
  await expect(list.getByRole('listitem', { name: 'Best of' })).toBeVisible();

  await list.getByRole('link', { name: 'Best of' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Best of' })).toBeVisible();
  await expect(page.getByRole('article', { name: /Generation: Write a haiku/ })).toBeVisible();
});

test('the generations list pages through 100 runs as it scrolls', async ({ page }) => {
  const { token, connectionId } = await signInWithOllama(page, 'play-pages');
  // History a minute apart: written as the service role, since users cannot set created_at.
  const ownerId = (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
  const base = Date.parse('2026-12-01T00:00:00Z');
  const seeded = await fetch(`${testStack.apiUrl}/rest/v1/generations`, {
    method: 'POST',
    headers: { apikey: testStack.serviceRoleKey, Authorization: `Bearer ${testStack.serviceRoleKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(Array.from({ length: 100 }, (_, i) => ({ owner_id: ownerId, connection_id: connectionId, model_id: LLAMA, prompt: `Prompt number ${i + 1}`, output: `Answer ${i + 1}`, status: 'completed', created_at: new Date(base + i * 60_000).toISOString() }))),
  });
  expect(seeded.status).toBe(201);
  await page.goto('/generations');
  const list = page.getByRole('region', { name: 'Generations' });
  await expect(list.getByRole('article').first()).toHaveAccessibleName(/Prompt number 100$/);
  await expect(list.getByText('30 shown, more below')).toBeVisible();
  for (let i = 0; i < 6 && !(await list.getByText('That is all of them.').isVisible()); i++) {
    await list.getByRole('article').last().scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 20_000);
    await page.waitForTimeout(300);
  }
  await expect(list.getByText('100 shown')).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await expect(list.getByText('That is all of them.')).toBeVisible();
  await expect(list.getByRole('article').last()).toHaveAccessibleName(/Prompt number 1$/);
  // Virtualized: a hundred runs, a handful of cards in the page.
  expect(await list.getByRole('article').count()).toBeLessThan(30);
});
