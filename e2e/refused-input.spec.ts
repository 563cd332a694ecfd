import { expect, test, type Locator, type Page } from '@playwright/test';
import { signInWithDiscoveredOllama, withFakeServers } from './support/ollama-user.ts';
import { PASSWORD, signInAsNewUser } from './support/sign-in.ts';
import { testStack } from './support/stack.ts';
import { accessTokenFor } from './support/api.ts';

/**
 * What a person sees when the app refuses what they typed (issue 11): a cloud metadata address as
 * a connection's base URL, and text the database cannot store (a NUL character). The sentence is
 * next to the field, and nothing typed is lost.
 */

const SHOTS = process.env.E2E_SCREENSHOTS_DIR;
const LLAMA = 'llama3.2:latest';
const servers = withFakeServers();

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function rows(token: string, table: string, select: string): Promise<unknown[]> {
  const response = await fetch(`${testStack.apiUrl}/rest/v1/${table}?select=${select}`, { headers: { apikey: testStack.anonKey, Authorization: `Bearer ${token}` } });
  expect(response.ok).toBe(true);
  return (await response.json()) as unknown[];
}

/** The field's sentence, as assistive technology reads it with the control (aria-describedby). */
async function expectRefused(control: Locator, sentence: string | RegExp) {
  await expect(control).toHaveAttribute('aria-invalid', 'true');
  await expect(control).toHaveAccessibleDescription(typeof sentence === 'string' ? new RegExp(sentence.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : sentence);
}

test('a cloud metadata address and a NUL in the name are refused next to their fields, and everything typed stays', async ({ page }) => {
  const { email } = await signInAsNewUser(page, 'refuse-metadata');
  const token = await accessTokenFor(email, PASSWORD);
  await page.getByRole('button', { name: /^Add (your first )?connection$/ }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add a connection' });
  await expect(dialog.getByRole('combobox', { name: 'Kind' })).toHaveText(/Ollama/);
  const name = dialog.getByLabel('Name');
  const baseUrl = dialog.getByLabel('Base URL');

  await name.fill('Cloud box');
  await baseUrl.fill('http://0xa9fea9fe');
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await expectRefused(baseUrl, '0xa9fea9fe (169.254.169.254) is a cloud metadata address: it hands out the credentials of the machine it runs on, so Switchboard never connects to it.');
  await expect(dialog.getByText('0xa9fea9fe (169.254.169.254) is a cloud metadata address', { exact: false })).toBeVisible();
  await expect(baseUrl).toHaveValue('http://0xa9fea9fe');
  await expect(name).toHaveValue('Cloud box');
  await shot(page, 'refused-metadata-base-url');

  // Another spelling of the same address, and a NUL in the name, refused at once.
  await name.fill('Cloud\u0000box');
  await baseUrl.fill('http://[::ffff:a9fe:a9fe]:8080');
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await expectRefused(name, 'The name contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.');
  await expectRefused(baseUrl, '[::ffff:a9fe:a9fe] (169.254.169.254) is a cloud metadata address');
  await expect(name).toHaveValue('Cloud\u0000box');
  await expect(baseUrl).toHaveValue('http://[::ffff:a9fe:a9fe]:8080');
  await shot(page, 'refused-nul-name');
  expect(await rows(token, 'connections', 'id')).toEqual([]);

  // Fixed, it saves.
  await name.fill('Cloud box');
  await baseUrl.fill('http://127.0.0.1:9');
  await dialog.getByRole('button', { name: 'Add connection' }).click();
  await expect(dialog).toBeHidden();
  expect(await rows(token, 'connections', 'name,base_url')).toEqual([{ name: 'Cloud box', base_url: 'http://127.0.0.1:9' }]);
});

test('a collection title with a NUL is refused next to the field and kept', async ({ page }) => {
  const { email } = await signInAsNewUser(page, 'refuse-title');
  const token = await accessTokenFor(email, PASSWORD);
  await page.goto('/collections');
  const title = page.getByRole('textbox', { name: 'New collection' });
  await title.fill('Good\u0000openings');
  await page.getByRole('button', { name: 'Create collection' }).click();
  await expectRefused(title, 'The title contains a NUL character (\\u0000), which cannot be stored.');
  await expect(title).toHaveValue('Good\u0000openings');
  expect(await rows(token, 'collections', 'id')).toEqual([]);
});

async function pickModelAndWrite(page: Page, prompt: string) {
  await page.goto('/playground');
  await page.getByRole('listbox', { name: 'Models to run' }).getByRole('option', { name: new RegExp(`^${LLAMA.replace('.', '\\.')}`) }).click();
  await expect(page.getByText(`Runs ${LLAMA} on Home Ollama`)).toBeVisible();
  await page.getByRole('textbox', { name: 'Prompt', exact: true }).fill(prompt);
}

test('a prompt with a NUL, run from the browser, is refused before anything is sent or recorded', async ({ page }) => {
  const { token } = await signInWithDiscoveredOllama(page, servers(), 'refuse-prompt-browser', 'browser');
  const sent: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(servers().ollama) || request.url().includes('/functions/v1/generate') || request.url().includes('/rest/v1/generations')) sent.push(request.url());
  });
  await pickModelAndWrite(page, 'Hello\u0000there');
  await page.getByRole('textbox', { name: 'System prompt' }).fill('Be brief.');
  await page.getByRole('button', { name: 'Run' }).click();
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
  await expectRefused(prompt, 'The prompt contains a NUL character (\\u0000), which cannot be stored. Delete it (it may be invisible), then try again.');
  await expect(prompt).toHaveValue('Hello\u0000there');
  await expect(page.getByRole('textbox', { name: 'System prompt' })).toHaveValue('Be brief.');
  await shot(page, 'refused-nul-prompt');
  expect(sent).toEqual([]);
  expect(await rows(token, 'generations', 'id')).toEqual([]);

  // Fixed, it runs.
  await prompt.fill('Hello there');
  await expect(prompt).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByLabel('Answer')).toHaveText(`This is a fake answer from ${LLAMA} to: Hello there`);

  // A search is only a read: a NUL in it matches nothing stored and fails nothing.
  await page.getByRole('link', { name: 'Generations' }).first().click();
  await page.getByRole('searchbox', { name: 'Search the prompts' }).fill('Hello\u0000 there');
  await expect(page.getByText('Hello there', { exact: true }).first()).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a prompt with a NUL, run through the server, shows the generate function’s refusal next to the prompt', async ({ page }) => {
  const { token } = await signInWithDiscoveredOllama(page, servers(), 'refuse-prompt-server');
  await pickModelAndWrite(page, 'Hello\u0000there');
  const answer = page.waitForResponse((response) => response.url().includes('/functions/v1/generate'));
  await page.getByRole('button', { name: 'Run' }).click();
  expect((await answer).status()).toBe(400);
  const prompt = page.getByRole('textbox', { name: 'Prompt', exact: true });
  await expectRefused(prompt, /^prompt contains a NUL character \(\\u0000\), which cannot be stored\./);
  await expect(prompt).toHaveValue('Hello\u0000there');
  await expect(page.getByRole('region', { name: 'Output' }).getByRole('alert')).toHaveText('The prompt was not run: see the note next to the prompt.');
  expect(await rows(token, 'generations', 'id')).toEqual([]);
});
