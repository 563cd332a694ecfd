import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// A valid but unreachable project, for code that builds the Supabase client. Tests that exercise
// auth replace `@/lib/supabase` with a fake (see ./supabase-mock.ts); nothing here talks to a server.
vi.stubEnv('VITE_SUPABASE_URL', 'http://127.0.0.1:9');
vi.stubEnv(
  'VITE_SUPABASE_ANON_KEY',
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJyb2xlIjoiYW5vbiIsImlzcyI6InRlc3QifQ.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWluLXVuaXQtdGVzdHM',
);

afterEach(() => cleanup());

// Routes load lazily, and the first import of a module is transformed on demand: on a busy 2-core
// machine that can take longer than Testing Library's default 1 s wait.
configure({ asyncUtilTimeout: 5_000 });

// jsdom lacks a few browser APIs that Radix primitives call.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
Element.prototype.scrollIntoView ??= () => {};
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};
window.matchMedia ??= (query: string) =>
  ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }) as MediaQueryList;
