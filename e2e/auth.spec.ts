import { expect, test, type Page } from '@playwright/test';
import { createUser, uniqueEmail } from './support/stack.ts';

const PASSWORD = 'e2e-correct-horse-battery';
const NAV_ITEMS = ['Connections', 'Models', 'Runtime', 'Playground', 'Generations', 'Collections', 'Settings'];

async function expectShell(page: Page, email: string) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const item of NAV_ITEMS) {
    await expect(nav.getByRole('link', { name: item })).toBeVisible();
  }
  await expect(page.getByRole('complementary').getByText(email)).toBeVisible();
}

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('signs up, sees the shell, signs out and signs in again', async ({ page }, testInfo) => {
  const email = uniqueEmail('signup');

  await page.goto('/sign-up');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
  await expectShell(page, email);
  await testInfo.attach('shell', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/connections$/);
  await expectShell(page, email);
});

test('sign-up problems come back from the server as sentences', async ({ page }) => {
  const email = uniqueEmail('taken');
  await createUser(email, PASSWORD);

  await page.goto('/sign-up');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('An account with this email already exists.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in instead' })).toBeVisible();

  // The minimum length is whatever the server enforces (supabase/config.toml), read from its answer.
  await page.getByLabel('Email').fill(uniqueEmail('weak'));
  await page.getByLabel('Password', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Choose a stronger password:')).toBeVisible();
  await expect(page.getByText(/^Use at least \d+ characters\.$/)).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('abc');
});

test('a wrong password says so and keeps what was typed', async ({ page }) => {
  const email = uniqueEmail('wrong');
  await createUser(email, PASSWORD);

  await page.goto('/sign-in');
  await signIn(page, email, 'not-the-password');

  await expect(page.getByRole('alert')).toHaveText('Wrong email or password. Check both and try again.');
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('not-the-password');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a protected page sends you to sign in, then back to it', async ({ page }) => {
  const email = uniqueEmail('redirect');
  await createUser(email, PASSWORD);

  await page.goto('/models');
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fmodels$/);
  await signIn(page, email, PASSWORD);

  await expect(page).toHaveURL(/\/models$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
  await expectShell(page, email);
});

test('the session survives a reload', async ({ page }) => {
  const email = uniqueEmail('reload');
  await createUser(email, PASSWORD);

  await page.goto('/sign-in?redirectTo=%2Fsettings');
  await signIn(page, email, PASSWORD);
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page).toHaveURL(/\/settings$/);
  await expectShell(page, email);
  await expect(page.getByRole('main').getByText(email)).toBeVisible();
});
