import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, VaultMove, VaultState } from '../../shared/operations';
import { createRestTokenAuthenticator } from '../../electron/core/api/rest-token-auth';
import { bootCore, type Core } from '../../electron/core/boot';
import { startLocalServer, type LocalServer } from '../../electron/core/gateway/local-server';
import { createMemoryLogger } from '../../electron/core/log';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { openVaultBackend } from '../../electron/core/secrets/choose-vault';
import { createFileVault, keyFileVaultKey } from '../../electron/core/secrets/file-vault';
import { keychainService } from '../../electron/core/secrets/keychain-vault';
import { createMovableVault } from '../../electron/core/secrets/movable-vault';
import { writeRecordedBackend } from '../../electron/core/secrets/recorded-backend';
import { VaultUnavailableError, type SecretVault } from '../../electron/core/secrets/secret-vault';
import { apiClient } from '../support/api-client';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream/fake-upstream';
import { makeTempDir } from '../support/temp-dir';

/**
 * Moving every secret between the generated key file and the real OS keychain (gnome-keyring in the
 * test D-Bus session), on a gateway that keeps answering through the proxy with the moved keys.
 */
const canary = (n: number) => `sk-canary-vault-move-${n}-${'Z'.repeat(20)}`;

interface Gateway {
  core: Core;
  server: LocalServer;
  logLines: string[];
  cookie: string;
  stop(): Promise<void>;
}

async function startGateway(dataDir: string): Promise<Gateway> {
  const log = createMemoryLogger('debug');
  // No secret cache: every proxied request reads its key from the vault as it is now.
  const core = await bootCore({ dataDir, databaseUrl: null, mode: 'headless', log, vaultChoice: 'auto', proxy: { secretCacheMs: 0 } });
  const server = await startLocalServer(core, { port: 0, uiDir: dataDir, authenticateToken: createRestTokenAuthenticator(core.tokens) });
  const login = await fetch(server.loginUrl, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return {
    core,
    server,
    logLines: log.lines,
    cookie,
    async stop() {
      await server.close(100);
      await core.close();
    },
  };
}

describe('moving the vault between the key file and the OS keychain', () => {
  const temp = makeTempDir();
  let fake: FakeUpstream;
  let gateway: Gateway;
  let jobToken: string;
  const secretIds: string[] = [];
  const vaultFile = path.join(temp.dir, 'secrets.vault.json');

  beforeAll(async () => {
    fake = await startFakeUpstream();
    // A data directory whose secrets were put in the key file (a first run with no keychain).
    writeRecordedBackend(temp.dir, 'file');
    gateway = await startGateway(temp.dir);
    const invoke = gateway.core.invoke;
    for (const n of [1, 2, 3]) {
      const secret = (await invoke('createSecret', { name: `key ${n}`, value: canary(n) }, adminSessionActor)) as { id: string };
      secretIds.push(secret.id);
    }
    await invoke(
      'createAiProvider',
      {
        name: 'claude',
        provider: 'anthropic',
        defaultModel: 'claude-haiku-4-5',
        baseUrl: fake.url,
        secretId: secretIds[0],
        authMethod: 'byo',
      },
      adminSessionActor,
    );
    const created = (await invoke('createToken', { name: 'ci', kind: 'job' }, adminSessionActor)) as { value: string };
    jobToken = created.value;
  });
  afterAll(async () => {
    await gateway.stop();
    await fake.close();
    for (const id of secretIds) await keytar.deletePassword(keychainService, id).catch(() => false);
    temp.cleanup();
  });

  const admin = () => apiClient(gateway.server, { cookie: gateway.cookie });

  async function proxiedKey(): Promise<string | undefined> {
    const answer = await fetch(`${gateway.server.agentEndpoint}/ai/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': jobToken, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(answer.status).toBe(200);
    await answer.text();
    return fake.received.at(-1)!.headers['x-api-key'] as string | undefined;
  }

  async function move(to: 'keychain' | 'file') {
    const answer = await admin().post('/system/vault/move', { to });
    expect(JSON.stringify(answer.body)).not.toContain('sk-canary');
    return answer as { status: number; body: VaultMove & { error?: { code: string; message: string } } };
  }

  it('starts on the key file, says so as the banner does, and offers the keychain', async () => {
    const state = (await admin().get('/system/vault')).body as VaultState;
    expect(state.backend).toBe('file');
    expect(state.warning).toContain('vault.key');
    expect(state.notMovable).toBeNull();
    expect(state.targets).toEqual([{ backend: 'keychain', label: 'the OS keychain', unavailable: null }]);
    expect(await proxiedKey()).toBe(canary(1));
  });

  it('moves every secret to the keychain; the proxy answers with the moved key, and a restart stays there', async () => {
    const moved = await move('keychain');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ moved: 3, missing: 0, vault: { backend: 'keychain', warning: null } });
    for (const [i, id] of secretIds.entries()) expect(await keytar.getPassword(keychainService, id)).toBe(canary(i + 1));
    expect(Object.keys(JSON.parse(readFileSync(vaultFile, 'utf8')) as object)).toEqual([]);
    expect(await proxiedKey()).toBe(canary(1));
    const listed = (await admin().get('/secrets')).body as { items: { backend: string }[] };
    expect(listed.items.every((s) => s.backend === 'keychain')).toBe(true);

    await gateway.stop();
    gateway = await startGateway(temp.dir);
    expect(gateway.core.vault.backend).toBe('keychain');
    expect(await proxiedKey()).toBe(canary(1));
  });

  it('moves them back to the key file, removing them from the keychain', async () => {
    const moved = await move('file');
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ moved: 3, vault: { backend: 'file' } });
    for (const id of secretIds) expect(await keytar.getPassword(keychainService, id)).toBeNull();
    expect(await proxiedKey()).toBe(canary(1));
    expect(await gateway.core.secrets.readValue(secretIds[2]!)).toBe(canary(3));
  });

  it('refuses a move to the backend in use, audits the moves, and never writes a value to a log, the audit or an error', async () => {
    const again = await move('file');
    expect(again.status).toBe(409);
    expect(again.body.error!.message).toContain('already');
    const audit = (await admin().get('/audit-events?limit=100')).body as { items: AuditEvent[] };
    expect(audit.items.filter((e) => e.action === 'system:MoveVault').map((e) => e.targetId)).toEqual(['file', 'keychain']);
    expect(JSON.stringify(audit.items)).not.toContain('sk-canary');
    expect(gateway.logLines.join('\n')).not.toContain('sk-canary');
    expect(readFileSync(vaultFile, 'utf8')).not.toContain('sk-canary');
  });
});

describe('a target that cannot be used', () => {
  it('is named with its reason and refused: the file vault holds secrets sealed with a master key no longer set', async () => {
    const temp = makeTempDir();
    writeFileSync(path.join(temp.dir, 'secrets.vault.json'), JSON.stringify({ sec_sealed: { iv: 'AA', tag: 'AA', data: 'AA' } }));
    writeRecordedBackend(temp.dir, 'keychain');
    const gateway = await startGateway(temp.dir);
    try {
      const state = (await apiClient(gateway.server, { cookie: gateway.cookie }).get('/system/vault')).body as VaultState;
      expect(state.backend).toBe('keychain');
      expect(state.targets[0]!.unavailable).toContain('SWITCHBOARD_MASTER_KEY');
      const refused = await apiClient(gateway.server, { cookie: gateway.cookie }).post('/system/vault/move', { to: 'file' });
      expect(refused.status).toBe(409);
      expect((refused.body as { error: { message: string } }).error.message).toContain('Cannot move the secrets to');
    } finally {
      await gateway.stop();
      temp.cleanup();
    }
  });
});

describe('a move that fails midway', () => {
  /** The real keychain, failing on its `failOn`th write as a keyring locked mid-move would. */
  function keychainFailingOn(failOn: number): SecretVault {
    const inner = openVaultBackend('keychain', { dataDir: '/nonexistent', masterKey: undefined });
    let writes = 0;
    return {
      ...inner,
      backend: inner.backend,
      async set(id, value) {
        if (++writes === failOn) throw new VaultUnavailableError('OS keychain unavailable: the keyring is locked (test)');
        await inner.set(id, value);
      },
    };
  }

  async function fileVaultWith(count: number) {
    const temp = makeTempDir();
    const file = createFileVault(path.join(temp.dir, 'secrets.vault.json'), keyFileVaultKey(Buffer.alloc(32, 7), 'test key'));
    const ids = Array.from({ length: count }, (_, i) => `sec_midway${process.pid}${i}${Date.now()}`);
    for (const [i, id] of ids.entries()) await file.set(id, canary(i));
    return { temp, ids, vault: createMovableVault(file, createMemoryLogger('debug')) };
  }

  it('leaves every secret readable where it was, and nothing behind in the target', async () => {
    const { temp, ids, vault } = await fileVaultWith(4);
    let committed = false;
    await expect(vault.move(keychainFailingOn(3), ids, async () => void (committed = true))).rejects.toMatchObject({
      code: 'vault_unavailable',
    });
    expect(committed).toBe(false);
    expect(vault.backend).toBe('file');
    for (const [i, id] of ids.entries()) {
      expect(await vault.get(id)).toBe(canary(i));
      expect(await keytar.getPassword(keychainService, id)).toBeNull();
    }
    temp.cleanup();
  });

  it('undoes the copies when recording the new backend fails, and stays on the old one', async () => {
    const { temp, ids, vault } = await fileVaultWith(2);
    const failure = vault.move(openVaultBackend('keychain', { dataDir: temp.dir, masterKey: undefined }), ids, async () => {
      throw new Error('disk full (test)');
    });
    await expect(failure).rejects.toThrow('disk full');
    expect(vault.backend).toBe('file');
    for (const [i, id] of ids.entries()) {
      expect(await vault.get(id)).toBe(canary(i));
      expect(await keytar.getPassword(keychainService, id)).toBeNull();
    }
    expect(existsSync(path.join(temp.dir, 'vault-backend.json'))).toBe(false);
    temp.cleanup();
  });
});
