import path from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Runtime-neutral code the app shares with the Edge Functions (see its README).
const coreDir = path.resolve(import.meta.dirname, 'supabase/functions/_shared/core');

// Three projects: `unit` runs in jsdom against src/ only (never the Deno or Playwright files);
// `tooling` runs the scripts' own tests in Node;
// `integration` runs in Node against a real local stack instance (`test`) that its global setup starts.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [react()],
        resolve: { alias: { '@': path.resolve(import.meta.dirname, 'src'), '@core': coreDir } },
        test: {
          name: 'unit',
          environment: 'jsdom',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['src/testing/setup-tests.ts'],
          restoreMocks: true,
        },
      },
      {
        // The project's tooling (scripts/): pure decisions tested without a stack or a browser.
        test: { name: 'tooling', environment: 'node', include: ['scripts/**/*.test.ts'], restoreMocks: true },
      },
      {
        // Some integration tests drive the app's own modules (tests/integration/app).
        resolve: { alias: { '@': path.resolve(import.meta.dirname, 'src'), '@core': coreDir } },
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/integration/support/global-setup.ts'],
          // supabase-js needs a global WebSocket, which Node 20 has only behind this flag.
          execArgv: ['--experimental-websocket'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Files share one stack; running them one at a time keeps rate limits and timings honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
