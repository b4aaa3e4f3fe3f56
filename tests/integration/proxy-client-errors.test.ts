import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import Anthropic from '@anthropic-ai/sdk';
import { ApiError, GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminSessionActor } from '../../electron/core/operations/actor';
import { startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

const awsKeys = JSON.stringify({ accessKeyId: 'AKIDCANARY0000000000', secretAccessKey: 'aws-secret-canary-ZZZZZZZZZZZZZZZZZZZZ' });
const modelId = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const revokedMessage = 'This token was revoked';

let h: ProxyHarness;
// Tokens: 0 works, 1 is revoked, 2 may send one request a minute.
const token = (i: number) => h.tokens[i]!.value;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [
      { slug: 'anthropic' },
      { slug: 'openai' },
      { slug: 'google' },
      { slug: 'bedrock', secret: awsKeys, config: { region: 'eu-west-1' } },
    ],
    tokens: [{ name: 'works' }, { name: 'revoked' }, { name: 'one a minute', limits: { requestsPerMinute: 1 } }],
  });
  await h.core.invoke('revokeToken', { tokenId: h.tokens[1]!.token.id }, adminSessionActor);
});
afterAll(() => h.stop());

/** What the SDK threw, for assertions on its error object. */
async function thrown(call: () => Promise<unknown>): Promise<Record<string, unknown> & Error> {
  try {
    await call();
  } catch (error) {
    return error as Record<string, unknown> & Error;
  }
  throw new Error('expected the call to be refused');
}

const bedrock = (accessKeyId: string) =>
  new BedrockRuntimeClient({
    region: 'eu-west-1',
    endpoint: `${h.endpoint}/ai/bedrock`,
    maxAttempts: 1,
    credentials: { accessKeyId, secretAccessKey: 'anything' },
  });
const converse = new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'hi' }] }] });

describe('AWS SigV4 clients: the job token as the access key id', () => {
  it('the Bedrock runtime client with ordinary credentials (access key id = job token) works, usage exact', async () => {
    const client = bedrock(token(0));
    try {
      const before = (await h.rows()).length;
      const answer = await client.send(converse);
      expect(answer.output?.message?.content?.[0]?.text).toBe('ok-0 ok-1 ok-2 ');
      expect((await h.waitForRows(before + 1))[before]).toMatchObject({
        provider: 'bedrock',
        tokenId: h.tokens[0]!.token.id,
        inputTokens: 11,
        outputTokens: 6,
      });
      // Re-signed upstream with the provider's own key; the client's signature never leaves.
      expect(h.fake.received.at(-1)!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000000\//);
    } finally {
      client.destroy();
    }
  });

  it("a revoked token: the SDK error carries Switchboard's message and an AWS error type", async () => {
    const client = bedrock(token(1));
    try {
      const error = await thrown(() => client.send(converse));
      expect(error.message).toBe(revokedMessage);
      expect(error.name).toBe('UnrecognizedClientException');
      expect((error.$metadata as { httpStatusCode: number }).httpStatusCode).toBe(401);
    } finally {
      client.destroy();
    }
  });
});

describe("refusals in each provider's own error shape", () => {
  it('@anthropic-ai/sdk shows the message of a revoked token and of a limit', async () => {
    const revoked = await thrown(() =>
      new Anthropic({ baseURL: `${h.endpoint}/ai/anthropic`, apiKey: token(1), maxRetries: 0 }).messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(revoked).toBeInstanceOf(Anthropic.AuthenticationError);
    expect(revoked.message).toContain(revokedMessage);
    expect(revoked.error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error', code: 'unauthorized', message: revokedMessage },
    });

    const limited = new Anthropic({ baseURL: `${h.endpoint}/ai/anthropic`, apiKey: token(2), maxRetries: 0 });
    await limited.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
    const refused = await thrown(() =>
      limited.messages.create({ model: 'claude-haiku-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    const inner = (refused.error as { error: { type: string; code: string; message: string; details: unknown } }).error;
    expect(inner).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited', details: { limit: 'requestsPerMinute' } });
    expect(refused.message).toContain(inner.message);
  });

  it('openai shows the message of a revoked token and of a limit, with the code', async () => {
    const revoked = await thrown(() =>
      new OpenAI({ baseURL: `${h.endpoint}/ai/openai/v1`, apiKey: token(1), maxRetries: 0 }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(revoked).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(revoked.message).toContain(revokedMessage);
    expect(revoked).toMatchObject({ status: 401, code: 'unauthorized', type: 'authentication_error' });

    // The one-a-minute token spent its request in the Anthropic case above.
    const refused = await thrown(() =>
      new OpenAI({ baseURL: `${h.endpoint}/ai/openai/v1`, apiKey: token(2), maxRetries: 0 }).chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    );
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited', type: 'rate_limit_error' });
    expect(refused.message).toMatch(/limit/i);
  });

  it("@google/genai shows the message of a revoked token and of a limit, in Gemini's error shape", async () => {
    const gemini = (i: number) => new GoogleGenAI({ apiKey: token(i), httpOptions: { baseUrl: `${h.endpoint}/ai/google` } });
    const ask = (i: number) => gemini(i).models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    const revoked = await thrown(() => ask(1));
    expect(revoked).toBeInstanceOf(ApiError);
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.message)).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED', message: revokedMessage } });

    // The one-a-minute token spent its request in the Anthropic case above.
    const refused = await thrown(() => ask(2));
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused.status).toBe(429);
    const error = (JSON.parse(refused.message) as { error: { status: string; message: string; details: unknown[] } }).error;
    expect(error).toMatchObject({ status: 'RESOURCE_EXHAUSTED', message: expect.stringMatching(/1 request per minute/) });
    expect(error.details).toContainEqual(expect.objectContaining({ reason: 'rate_limited' }));
  });
});
