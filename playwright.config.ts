import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { resolveInstance } from './scripts/stack/instance.ts';

// The end-to-end tests run the production build against the isolated `test` stack instance, never a
// developer's `dev` stack. The build output lives under node_modules so it can never be deployed by mistake.
const stack = resolveInstance('test');
const PORT = 4173;
const baseURL = `http://127.0.0.1:${PORT}`;
const outDir = path.join('node_modules', '.cache', 'switchboard-e2e-dist');

export default defineConfig({
  testDir: './e2e',
  globalSetup: './e2e/global-setup.ts',
  // One worker: the tests share one auth server whose sign-in rate limit is per IP.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        // Debian's Chromium; Playwright's own browser downloads are not reachable from these machines.
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
        },
      },
    },
  ],
  webServer: {
    command: `npx vite build --logLevel error --outDir ${outDir} --emptyOutDir && npx vite preview --outDir ${outDir} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: baseURL,
    env: { VITE_SUPABASE_URL: stack.apiUrl, VITE_SUPABASE_ANON_KEY: stack.anonKey },
    // Never pick up whatever else listens on 4173 (say, `npm run preview` of a build for the dev stack):
    // that would run these tests against the wrong backend. Opt in with E2E_REUSE_SERVER=1 when iterating.
    reuseExistingServer: !process.env.CI && process.env.E2E_REUSE_SERVER === '1',
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
