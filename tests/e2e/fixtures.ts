import { test as base, expect } from '@playwright/test';
import { spawnServe, type ServeProcess } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

export interface Switchboard {
  loginUrl: string;
  baseUrl: string;
  agentEndpoint: string;
  dataDir: string;
  process: ServeProcess;
}

/** Each test gets its own `switchboard serve` and data directory; ready means "printed its addresses". */
export const test = base.extend<{ switchboard: Switchboard }>({
  // eslint-disable-next-line no-empty-pattern
  switchboard: async ({}, use) => {
    const temp = makeTempDir('switchboard-e2e-');
    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], {
      SWITCHBOARD_VAULT: process.env.SWITCHBOARD_E2E_VAULT ?? 'auto',
      SWITCHBOARD_MASTER_KEY: 'e2e-master-key',
    });
    const agentEndpoint = serve.lines['Agent endpoint']!;
    await use({
      loginUrl: serve.lines['Admin UI']!,
      baseUrl: agentEndpoint.replace(/\/v3$/, ''),
      agentEndpoint,
      dataDir: temp.dir,
      process: serve,
    });
    await serve.stop();
    temp.cleanup();
  },
});

export { expect };
