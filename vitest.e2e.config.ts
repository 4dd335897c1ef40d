import { defineConfig } from 'vitest/config';

// End-to-end: build the article under a non-root base, serve it with `vite preview` on 127.0.0.1 and drive
// Debian's Chromium with playwright-core. One file at a time: this runs on 2 cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['tests/e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
