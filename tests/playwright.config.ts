import { defineConfig } from '@playwright/test';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** End-to-end tests in Debian's Chromium against the built headless server (see tests/e2e/fixtures.ts). */
export default defineConfig({
  testDir: resolve(here, 'e2e'),
  outputDir: resolve(here, '../test-results/playwright'),
  timeout: 60_000,
  workers: 2,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: resolve(here, '../test-results/reports/playwright.json') }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'browser', testIgnore: /[\\/]e2e[\\/]desktop[\\/]/ },
    // The Electron app through Playwright's _electron: it launches no browser, so no Chromium options.
    // Skipped, with the reason, where the Electron binary or its native-module build is missing.
    { name: 'desktop', testDir: resolve(here, 'e2e/desktop'), use: { launchOptions: {} } },
  ],
});
