import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtCli, spawnServe } from '../support/built-cli';
import { makeTempDir } from '../support/temp-dir';

const env = { ...process.env, SWITCHBOARD_VAULT: 'file', SWITCHBOARD_MASTER_KEY: 'cli-test-key' };

describe('`switchboard token|provider|secret` (the built bin)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  const cli = (args: string[], input?: string) =>
    spawnSync(process.execPath, [builtCli, ...args, '--data-dir', temp.dir], { env, input, encoding: 'utf8' });
  beforeEach(() => (temp = makeTempDir()));
  afterEach(() => temp.cleanup());

  it('creates a token that prints only itself, works against a running serve, and revokes it live', async () => {
    const created = cli([
      'token',
      'create',
      '--name',
      'ci bot',
      '--permission',
      'aiProviders:ListAiProviders',
      '--permission',
      'tokens:ListTokens',
      '--expires',
      '30d',
    ]);
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^sb_[0-9A-Za-z]{43}\n$/);
    const value = created.stdout.trim();
    expect(created.stderr).toContain('Created api token tok_');

    const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], env);
    try {
      const api = serve.lines['API']!;
      const headers = { authorization: `Bearer ${value}` };
      expect((await fetch(`${api}/ai-providers`, { headers })).status).toBe(200);
      expect((await fetch(`${api}/secrets`, { headers })).status).toBe(403);
      const tokens = (await (await fetch(`${api}/tokens`, { headers })).json()) as { items: { id: string; expiresAt: string }[] };
      const days = (Date.parse(tokens.items[0]!.expiresAt) - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(29.9);
      expect(days).toBeLessThan(30.1);

      const revoked = cli(['token', 'revoke', tokens.items[0]!.id]);
      expect(revoked.status, revoked.stderr).toBe(0);
      expect((await fetch(`${api}/ai-providers`, { headers })).status).toBe(401);
    } finally {
      await serve.stop();
    }
  });

  it('issues all-permission and job tokens with labels, limits and providers; lists them', () => {
    expect(cli(['token', 'create', '--name', 'admin', '--all-permissions']).status).toBe(0);
    const job = cli([
      'token',
      'create',
      '--name',
      'pipeline',
      '--kind',
      'job',
      '--label',
      'pipeline=web',
      '--label',
      'branch=main',
      '--provider',
      'anthropic',
      '--rpm',
      '60',
      '--tpm',
      '100000',
      '--spend-cap',
      '5',
      '--max-concurrent',
      '4',
      '--queue-wait',
      '2m',
    ]);
    expect(job.status, job.stderr).toBe(0);
    const listed = cli(['token', 'list', '--json']);
    const tokens = JSON.parse(listed.stdout) as {
      name: string;
      kind: string;
      permissions: string[];
      labels: object;
      limits: object;
      allowedProviders: string[];
    }[];
    expect(tokens.find((x) => x.name === 'admin')!.permissions.length).toBeGreaterThan(20);
    expect(tokens.find((x) => x.name === 'pipeline')).toMatchObject({
      kind: 'job',
      labels: { pipeline: 'web', branch: 'main' },
      allowedProviders: ['anthropic'],
      limits: {
        requestsPerMinute: 60,
        inputTokensPerMinute: 100000,
        spendCapUsd: 5,
        maxConcurrent: 4,
        queueWaitSeconds: 120,
        maxQueued: 100,
      },
    });
    const table = cli(['token', 'list']);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+KIND/);
    expect(table.stdout).toContain('pipeline');
    expect(table.stdout).not.toMatch(/sb_[0-9A-Za-z]{43}/);
  });

  it('refuses a concurrency limit it cannot read (exit 2) or out of range (exit 1), naming the field', () => {
    expect(cli(['token', 'create', '--name', 'x', '--kind', 'job', '--max-concurrent', '2', '--queue-wait', 'a while']).status).toBe(2);
    const tooMany = cli(['token', 'create', '--name', 'x', '--kind', 'job', '--max-concurrent', '1001']);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toContain('limits.maxConcurrent');
  });

  it('sets a secret from stdin (create, then rotate), never from argv, and audits as cli', () => {
    const first = cli(['secret', 'set', 'OpenAI key'], 'sk-cli-secret-1\n');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^Created secret sec_\w+ \("OpenAI key", sha256:[0-9a-f]{12}, file vault\)\n$/);
    const second = cli(['secret', 'set', 'openai key'], 'sk-cli-secret-2');
    expect(second.stdout).toMatch(/^Rotated secret /);
    expect(cli(['secret', 'set', 'empty'], '').status).toBe(2);
    expect(cli(['secret', 'set', 'a', 'b'], 'x').status).toBe(2);

    const db = new Database(path.join(temp.dir, 'switchboard.db'), { readonly: true });
    const actions = db.prepare("SELECT action FROM audit_events WHERE actor = 'cli' ORDER BY seq").all();
    db.close();
    expect(actions).toEqual([{ action: 'secrets:CreateSecret' }, { action: 'secrets:RotateSecret' }]);
  });

  it('lists providers', () => {
    const empty = cli(['provider', 'list']);
    expect(empty.status).toBe(0);
    expect(empty.stdout).toMatch(/^ID\s+NAME\s+PROVIDER/);
    expect(JSON.parse(cli(['provider', 'list', '--json']).stdout)).toEqual([]);
  });

  it('explains bad usage (exit 2) and refused input (exit 1) on stderr', () => {
    expect(cli(['token', 'create', '--permission', 'aiProviders:ListAiProviders']).status).toBe(2);
    expect(cli(['token', 'create', '--name', 'x', '--expires', 'soon']).status).toBe(2);
    expect(cli(['token', 'frobnicate']).status).toBe(2);
    const badPermission = cli(['token', 'create', '--name', 'x', '--permission', 'everything']);
    expect(badPermission.status).toBe(1);
    expect(badPermission.stderr).toContain('permissions.0');
    expect(badPermission.stdout).toBe('');
    const missing = cli(['token', 'revoke', 'tok_0000000000000000none']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('not found');
  });
});
