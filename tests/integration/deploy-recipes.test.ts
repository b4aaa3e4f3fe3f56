import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from '../support/api-client';
import { startTestServer, type TestServer } from '../support/test-server';

const run = promisify(execFile);
const deploy = path.resolve(__dirname, '../../resources/deploy');
const hooks = path.join(deploy, 'buildkite-hooks');

describe('the Buildkite-style agent hooks', () => {
  let t: TestServer;
  let admin: ApiClient;
  let agentEnv: Record<string, string>;
  beforeAll(async () => {
    t = await startTestServer();
    admin = apiClient(t.server, { cookie: await t.login() });
    const apiToken = (
      await admin.post('/tokens', { name: 'agent hooks', kind: 'api', permissions: ['tokens:CreateToken', 'tokens:RevokeToken'] })
    ).body.value;
    agentEnv = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      SWITCHBOARD_URL: t.server.baseUrl,
      SWITCHBOARD_API_TOKEN: apiToken,
      SWITCHBOARD_JOB_SPEND_CAP_USD: '2',
      SWITCHBOARD_JOB_PROVIDERS: 'anthropic',
      BUILDKITE_PIPELINE_SLUG: 'web',
      BUILDKITE_BUILD_NUMBER: '42',
      BUILDKITE_JOB_ID: '0190-job',
      BUILDKITE_LABEL: 'Failure analysis',
      BUILDKITE_BRANCH: 'main',
    };
  });
  afterAll(() => t.stop());

  /** Sources the hook as the agent does and prints the job's environment afterwards. */
  async function sourceEnvironmentHook(): Promise<Record<string, string>> {
    const { stdout } = await run('bash', ['-c', `source ${JSON.stringify(path.join(hooks, 'environment'))} >&2; env -0`], {
      env: agentEnv,
    });
    return Object.fromEntries(
      stdout
        .split('\0')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  it('mints a labelled, capped job token per job and exports the agent endpoint and SDK variables', async () => {
    const env = await sourceEnvironmentHook();
    expect(env.SWITCHBOARD_AGENT_ENDPOINT).toBe(`${t.server.baseUrl}/v3`);
    expect(env.ANTHROPIC_BASE_URL).toBe(`${t.server.baseUrl}/v3/ai/anthropic`);
    expect(env.OPENAI_BASE_URL).toBe(`${t.server.baseUrl}/v3/ai/openai/v1`);
    expect(env.ANTHROPIC_API_KEY).toBe(env.SWITCHBOARD_AGENT_ACCESS_TOKEN);
    expect(env.BUILDKITE_AGENT_ACCESS_TOKEN).toBeUndefined();
    const token = (await admin.get(`/tokens/${env.SWITCHBOARD_JOB_TOKEN_ID}`)).body;
    expect(token).toMatchObject({
      kind: 'job',
      allowedProviders: ['anthropic'],
      labels: { pipeline: 'web', build: '42', job: '0190-job', branch: 'main' },
      limits: { spendCapUsd: 2 },
      revokedAt: null,
    });
    const authenticated = await t.core.tokens.authenticate(env.SWITCHBOARD_AGENT_ACCESS_TOKEN!, 'job', 'proxy');
    expect(authenticated.id).toBe(token.id);

    await run('bash', [path.join(hooks, 'pre-exit')], { env: { ...agentEnv, SWITCHBOARD_JOB_TOKEN_ID: token.id } });
    expect((await admin.get(`/tokens/${token.id}`)).body.revokedAt).not.toBeNull();
  });

  it('fails the job early, saying why, when the gateway is not ready', async () => {
    t.core.proxy.pause();
    try {
      const failed = await sourceEnvironmentHook().then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed?.code).toBe(1);
      expect(failed?.stderr).toContain('is not ready');
      expect(failed?.stderr).toContain('the proxy is paused');
    } finally {
      t.core.proxy.resume();
    }
  });
});

describe('the systemd unit', () => {
  it.runIf(existsSync('/usr/bin/systemd-analyze'))('passes systemd-analyze verify', async () => {
    const { stderr } = await run('systemd-analyze', ['verify', path.join(deploy, 'switchboard.service')]);
    expect(stderr).toBe('');
  });
});
