import { expect, type Page } from '@playwright/test';
import { createUser, uniqueEmail } from './stack.ts';

/** The password of every user the end-to-end tests create. */
export const PASSWORD = 'e2e-correct-horse-battery';

/** Signs in through the app's form, as a person does, and waits for the first page. */
export async function signInThroughForm(page: Page, email: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connections' })).toBeVisible();
}

/** A new user with nothing yet, signed in through the form. */
export async function signInAsNewUser(page: Page, label: string): Promise<{ email: string }> {
  const email = uniqueEmail(label);
  await createUser(email, PASSWORD);
  await signInThroughForm(page, email);
  return { email };
}
