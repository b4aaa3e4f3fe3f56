import { afterEach, describe, expect, it } from 'vitest';
import { bootCore } from '../../../electron/core/boot';
import { createMemoryLogger } from '../../../electron/core/log';
import { createMemoryVault } from '../../../electron/core/secrets/memory-vault';
import { createIpcHandler, isTrustedSender } from '../../../electron/main/ipc-adapter';
import { packagedRendererUrl } from '../../../electron/main/renderer-origin';
import { makeTempDir } from '../../support/temp-dir';

describe('IPC sender validation', () => {
  it('trusts the packaged app:// page and the loopback dev server only', () => {
    expect(isTrustedSender('app://switchboard/index.html', packagedRendererUrl)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isTrustedSender('https://evil.example/', packagedRendererUrl)).toBe(false);
    expect(isTrustedSender('file:///tmp/index.html', packagedRendererUrl)).toBe(false);
    expect(isTrustedSender('about:blank', packagedRendererUrl)).toBe(false);
    expect(isTrustedSender(undefined, packagedRendererUrl)).toBe(false);
  });

  describe('the handler, over the real core', () => {
    let cleanup: (() => void) | undefined;
    afterEach(() => cleanup?.());

    async function handler() {
      const temp = makeTempDir();
      const log = createMemoryLogger();
      const core = await bootCore({ dataDir: temp.dir, mode: 'desktop', log, vault: createMemoryVault() });
      cleanup = () => {
        core.close();
        temp.cleanup();
      };
      return createIpcHandler({ invoke: core.invoke, log, rendererUrl: packagedRendererUrl });
    }
    const from = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url } }) as never;

    it('answers the renderer as the desktop admin', async () => {
      const handle = await handler();
      const result = await handle(from('app://switchboard/index.html'), 'getSystemStatus', {});
      expect(result).toMatchObject({ ok: true, value: { mode: 'desktop' } });
    });

    it('refuses frames that are not the renderer, before running anything', async () => {
      const handle = await handler();
      for (const url of ['https://evil.example/', 'app://other/index.html', undefined]) {
        const result = await handle(from(url), 'getSystemStatus', {});
        expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: 'IPC from an untrusted frame' } });
      }
    });

    it('validates the operation name and the input against the contract', async () => {
      const handle = await handler();
      const unknown = await handle(from('app://switchboard/index.html'), 'dropAllTables', {});
      expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const wrongInput = await handle(from('app://switchboard/index.html'), 'getSystemStatus', 'not an object');
      expect(wrongInput).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    });
  });
});
