import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainVault } from '../../electron/core/secrets/keychain-vault';
import { apiClient, type ApiClient } from '../support/api-client';
import { peekStore } from '../support/store-peek';
import { storeFixtures } from '../support/store-fixtures';
import { switchableVault } from '../support/switchable-vault';
import { startTestServer, type TestServer } from '../support/test-server';

/**
 * Unique secret values go through every secret-carrying endpoint and error path; afterwards none
 * may be found in any response, log line, the SQLite file or its WAL (every row of the team
 * database on PostgreSQL), or the audit trail.
 * The vault is the real OS keychain (gnome-keyring in the test D-Bus session).
 */
describe('secret values never leak (canary)', () => {
  const canaries: string[] = [];
  const canary = () => {
    const value = `CANARY-${randomBytes(12).toString('hex')}`;
    canaries.push(value);
    return value;
  };
  const vault = switchableVault(createKeychainVault(`switchboard-test-canary-${randomBytes(4).toString('hex')}`));
  const bodies: string[] = [];
  let t: TestServer;
  let admin: ApiClient;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestServer({ vault });
    cookie = await t.login();
    admin = apiClient(t.server, { cookie });
  });
  afterAll(() => t.stop());

  async function record(response: Promise<{ status: number; text: string }>, expected: number) {
    const { status, text } = await response;
    bodies.push(text);
    expect(status, text).toBe(expected);
    return JSON.parse(text);
  }

  it('drives every endpoint and error path with canary values', async () => {
    const stored = canary();
    const secret = await record(admin.post('/secrets', { name: 'primary', value: stored }), 201);
    expect(await t.core.secrets.readValue(secret.id)).toBe(stored); // it really is in the keychain
    await record(admin.post('/secrets', { name: 'PRIMARY', value: canary() }), 409);
    await record(admin.post('/secrets', { name: 'bad\u0000name', value: canary() }), 400);
    await record(admin.post('/secrets', { name: 'too long', value: canary() + 'x'.repeat(17_000) }), 400);
    await record(admin.post('/secrets', { name: 'extra', value: canary(), [canary().toLowerCase()]: 1, note: canary() }), 400);
    await record(admin.post('/secrets', { name: 'typed', value: [canary()] }), 400);
    const json = { cookie, 'content-type': 'application/json' };
    await record(admin.raw('POST', '/secrets', `{"name":"broken","value":"${canary()}"`, json), 400);
    await record(admin.raw('POST', '/secrets', `{"name":"text","value":"${canary()}"}`, { cookie, 'content-type': 'text/plain' }), 415);
    const rotated = canary();
    await record(admin.post(`/secrets/${secret.id}/rotate`, { value: rotated }), 200);
    expect(await t.core.secrets.readValue(secret.id)).toBe(rotated);
    await record(admin.post('/secrets/sec_0000000000000000none/rotate', { value: canary() }), 404);
    await record(admin.post('/secrets/not-an-id/rotate', { value: canary() }), 400);

    const aws = canary();
    const awsSecret = await record(
      admin.post('/secrets', { name: 'aws', value: JSON.stringify({ accessKeyId: 'AKIA' + aws, secretAccessKey: aws }) }),
      201,
    );
    await record(
      admin.post('/ai-providers', {
        name: 'bedrock',
        provider: 'bedrock',
        defaultModel: 'm',
        config: { region: 'us-east-1' },
        secretId: awsSecret.id,
      }),
      201,
    );
    const notAws = await record(admin.post('/secrets', { name: 'not aws', value: canary() }), 201);
    await record(
      admin.post('/ai-providers', {
        name: 'bedrock 2',
        provider: 'bedrock',
        defaultModel: 'm',
        config: { region: 'us-east-1' },
        secretId: notAws.id,
      }),
      400,
    );
    const linked = await record(
      admin.post('/ai-providers', { name: 'linked', provider: 'openai', defaultModel: 'm', secretId: secret.id }),
      201,
    );
    await record(admin.patch(`/ai-providers/${linked.id}`, { config: { note: 'changed' } }), 200);
    await record(admin.delete(`/secrets/${secret.id}`), 409);

    vault.fail = true;
    await record(admin.post('/secrets', { name: 'locked', value: canary() }), 503);
    await record(admin.post(`/secrets/${notAws.id}/rotate`, { value: canary() }), 503);
    vault.fail = false;

    const limited = (await storeFixtures(t.core).token(['secrets:ListSecrets'])).value;
    await record(admin.post('/secrets', { name: 'denied', value: canary() }, { token: limited }), 403);
    await record(admin.post(`/secrets/${secret.id}/rotate`, { value: canary() }, { token: limited }), 403);
    await record(admin.get('/secrets', { headers: { 'x-api-key': canary() } }), 401);
    await record(admin.get('/secrets', { headers: { authorization: `Bearer sb_${canary()}` } }), 401);

    for (const listPath of [
      '/secrets',
      `/secrets/${secret.id}`,
      `/secrets/${awsSecret.id}`,
      '/ai-providers',
      '/tokens',
      '/audit-events?limit=500',
      '/projects',
      '/system/status',
    ]) {
      await record(admin.get(listPath), 200);
    }
    await record(admin.delete(`/secrets/${secret.id}?force=true`), 200);
    await record(admin.delete(`/secrets/${notAws.id}`), 200);
    await t.core.tokens.flushLastUsed();
  });

  it('finds the canaries nowhere: responses, logs, database, WAL, audit trail', async () => {
    expect(canaries.length).toBeGreaterThan(15);
    const auditTrail = JSON.stringify(await t.core.audit.list({ kind: 'admin', id: 'cli' }, { limit: 500 }));
    const places: Record<string, string> = {
      responses: bodies.join('\n'),
      logs: t.logLines.join('\n'),
      auditTrail,
    };
    if (t.databaseUrl === null) {
      const dbFile = path.join(t.dataDir, 'switchboard.db');
      const wal = existsSync(`${dbFile}-wal`) ? readFileSync(`${dbFile}-wal`).toString('latin1') : '';
      expect(wal.length).toBeGreaterThan(0); // the WAL is really there to search
      places.database = readFileSync(dbFile).toString('latin1');
      places.wal = wal;
    } else {
      // The team database, every row of every table as text.
      const peek = await peekStore(t);
      places.database = await peek.dump();
      await peek.close();
      expect(places.database).toContain('secrets:CreateSecret'); // the dump really holds the rows (the audit trail's)
    }
    // The search itself works: a value that *is* in a place is found.
    expect(places.responses).toContain(bodies[0]!.slice(10, 30));
    for (const [place, text] of Object.entries(places)) {
      for (const value of canaries) expect(text.includes(value), `${value} leaked into ${place}`).toBe(false);
    }
  });
});
