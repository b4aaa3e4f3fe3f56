import { randomBytes } from 'node:crypto';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainVault } from '../../electron/core/secrets/keychain-vault';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** Secrets over REST with the real OS keychain (gnome-keyring in the test D-Bus session). */
describe('secrets in the OS keychain', () => {
  const service = `switchboard-test-${randomBytes(4).toString('hex')}`;
  let t: TestServer;
  let admin: ApiClient;
  beforeAll(async () => {
    t = await startTestServer({ vault: createKeychainVault(service) });
    admin = apiClient(t.server, { cookie: await t.login() });
  });
  afterAll(() => t.stop());

  it('stores under service/secret id, rotates in place and removes on delete', async () => {
    const created = await admin.post('/secrets', { name: 'anthropic', value: 'sk-ant-keychain-1' });
    expect(created.status).toBe(201);
    expect(created.body.backend).toBe('keychain');
    expect(await keytar.getPassword(service, created.body.id)).toBe('sk-ant-keychain-1');

    const rotated = await admin.post(`/secrets/${created.body.id}/rotate`, { value: 'sk-ant-keychain-2' });
    expect(rotated.body.rotatedAt).not.toBeNull();
    expect(await keytar.getPassword(service, created.body.id)).toBe('sk-ant-keychain-2');
    expect(await t.core.secrets.readValue(created.body.id)).toBe('sk-ant-keychain-2');

    expect((await admin.delete(`/secrets/${created.body.id}`)).status).toBe(200);
    expect(await keytar.getPassword(service, created.body.id)).toBeNull();
  });

  it('reports a value missing from the keychain as 503 to the proxy, not as an empty key', async () => {
    const created = await admin.post('/secrets', { name: 'vanishing', value: 'sk-gone' });
    await keytar.deletePassword(service, created.body.id);
    await expect(t.core.secrets.readValue(created.body.id)).rejects.toMatchObject({ code: 'vault_unavailable' });
  });
});
