import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { bootCore } from '../../electron/core/boot';
import { rememberedPort, rememberPort } from '../../electron/core/config/remembered-port';
import { createMemoryLogger } from '../../electron/core/log';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { startDesktopGateway, type DesktopGateway } from '../../electron/main/desktop-gateway';
import { portConflictButtons, type PortConflict } from '../../electron/main/port-choice';
import { makeTempDir } from '../support/temp-dir';

function occupy(): Promise<Server & { port: number }> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(Object.assign(server, { port: (server.address() as { port: number }).port }))),
  );
}

describe('the desktop gateway (the main process without Electron)', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function start(dataDir: string, asked: PortConflict[], env: NodeJS.ProcessEnv = {}): Promise<DesktopGateway | null> {
    const gateway = await startDesktopGateway({
      dataDir,
      uiDir: dataDir,
      env,
      log: createMemoryLogger(),
      vault: createMemoryVault(),
      askForPort: async (conflict) => {
        asked.push(conflict);
        return portConflictButtons(conflict)[0]!.choice;
      },
    });
    if (gateway) cleanups.push(() => gateway.shutdown());
    return gateway;
  }

  it('serves the agent endpoint and REST as the desktop, on the port it was given', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const gateway = (await start(temp.dir, [], { SWITCHBOARD_PORT: '0' }))!;
    const status = gateway.core.system.getStatus();
    expect(status.mode).toBe('desktop');
    expect(status.agentEndpoint).toBe(gateway.server.agentEndpoint);
    const unauthenticated = await fetch(`${gateway.server.apiBaseUrl}/system/status`);
    expect(unauthenticated.status).toBe(401);
  });

  it('asks for another port when the remembered one is taken, then remembers the new one for the next launch', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const taken = await occupy();
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
    const seed = await bootCore({ dataDir: temp.dir, mode: 'desktop', log: createMemoryLogger(), vault: createMemoryVault() });
    await rememberPort(seed.store.settings, taken.port);
    seed.close();

    const asked: PortConflict[] = [];
    const first = (await start(temp.dir, asked))!;
    expect(asked.map((conflict) => conflict.port)).toEqual([taken.port]);
    expect(first.server.port).toBe(asked[0]!.suggestion);
    expect(await rememberedPort(first.core.store.settings)).toBe(first.server.port);
    await first.shutdown();

    const askedAgain: PortConflict[] = [];
    const second = (await start(temp.dir, askedAgain))!;
    expect(askedAgain).toEqual([]);
    expect(second.server.port).toBe(first.server.port);
  });

  it('does not remember a port SWITCHBOARD_PORT asked for', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const gateway = (await start(temp.dir, [], { SWITCHBOARD_PORT: '0' }))!;
    expect(await rememberedPort(gateway.core.store.settings)).toBeNull();
  });

  it('starts nothing when the admin quits at the port dialog', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const taken = await occupy();
    cleanups.push(() => new Promise((resolve) => taken.close(resolve)));
    const gateway = await startDesktopGateway({
      dataDir: temp.dir,
      uiDir: temp.dir,
      env: { SWITCHBOARD_PORT: String(taken.port) },
      log: createMemoryLogger(),
      vault: createMemoryVault(),
      askForPort: async () => ({ kind: 'quit' }),
    });
    expect(gateway).toBeNull();
  });

  it('stops serving after shutdown, and shutdown can be asked for twice', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const gateway = (await start(temp.dir, [], { SWITCHBOARD_PORT: '0' }))!;
    await Promise.all([gateway.shutdown(), gateway.shutdown()]);
    await expect(fetch(`${gateway.server.apiBaseUrl}/system/status`)).rejects.toThrow();
  });

  it('keeps keys in the OS keychain (run through `npm test`, which starts gnome-keyring)', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const gateway = (await startDesktopGateway({
      dataDir: temp.dir,
      uiDir: temp.dir,
      env: { SWITCHBOARD_PORT: '0' },
      log: createMemoryLogger(),
      askForPort: async () => ({ kind: 'quit' }),
    }))!;
    cleanups.push(() => gateway.shutdown());
    expect(gateway.core.system.getStatus().vault).toEqual({ backend: 'keychain', description: 'keychain', warning: null });
  });

  it('falls back to the encrypted file vault with a visible warning when told to (or when no keychain answers)', async () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    const log = createMemoryLogger();
    const gateway = (await startDesktopGateway({
      dataDir: temp.dir,
      uiDir: temp.dir,
      env: { SWITCHBOARD_PORT: '0', SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'desktop-test-master-key' },
      log,
      askForPort: async () => ({ kind: 'quit' }),
    }))!;
    cleanups.push(() => gateway.shutdown());
    const { vault } = gateway.core.system.getStatus();
    expect(vault.backend).toBe('file');
    expect(vault.warning).toBeTruthy();
    expect(log.lines.some((line) => line.includes('file vault chosen'))).toBe(true);
  });
});
