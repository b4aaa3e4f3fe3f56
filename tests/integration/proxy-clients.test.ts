import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }],
    tokens: [{ labels: { pipeline: 'web', job: '42' } }],
  });
});
afterAll(() => h.stop());

const jobToken = () => h.tokens[0]!.value;

describe('the official SDKs pointed at the proxy with a job token', () => {
  it('@anthropic-ai/sdk: messages.create and a streamed message', async () => {
    const client = new Anthropic({ baseURL: `${h.endpoint}/ai/anthropic`, apiKey: jobToken(), maxRetries: 0 });
    const before = (await h.rows()).length;
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'ok-0 ok-1 ok-2 ' });
    expect(message.usage.output_tokens).toBe(6);

    const stream = client.messages.stream(
      { model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
      { headers: { 'x-fake-chunks': '8' } },
    );
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const final = await stream.finalMessage();
    expect(texts).toHaveLength(8);
    expect(final.usage.output_tokens).toBe(16);
    // Two calls, two rows; the second is the streamed one.
    expect((await h.waitForRows(before + 2))[before + 1]).toMatchObject({
      provider: 'anthropic',
      streamed: true,
      inputTokens: 11,
      outputTokens: 16,
      labels: { pipeline: 'web', job: '42' },
    });
    expect(h.fake.received.at(-1)!.headers['x-api-key']).toBe(canaryKey('anthropic'));
  });

  it("Claude Code's convention: ANTHROPIC_BASE_URL=…/v3/ai/anthropic and ANTHROPIC_API_KEY=<job token>", async () => {
    const saved = { base: process.env.ANTHROPIC_BASE_URL, key: process.env.ANTHROPIC_API_KEY };
    process.env.ANTHROPIC_BASE_URL = `${h.endpoint}/ai/anthropic`;
    process.env.ANTHROPIC_API_KEY = jobToken();
    try {
      const message = await new Anthropic({ maxRetries: 0 }).messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      });
      expect(message.stop_reason).toBe('end_turn');
    } finally {
      process.env.ANTHROPIC_BASE_URL = saved.base;
      process.env.ANTHROPIC_API_KEY = saved.key;
      if (saved.base === undefined) delete process.env.ANTHROPIC_BASE_URL;
      if (saved.key === undefined) delete process.env.ANTHROPIC_API_KEY;
    }
  });

  it('openai: chat completions plain and streamed (with and without include_usage), responses', async () => {
    const client = new OpenAI({ baseURL: `${h.endpoint}/ai/openai/v1`, apiKey: jobToken(), maxRetries: 0 });
    const before = (await h.rows()).length;
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toBe('ok-0 ok-1 ok-2 ');

    const chunks = [];
    for await (const chunk of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: 'hi' }],
    }))
      chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
    expect(chunks.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')).toBe('ok-0 ok-1 ok-2 ');
    expect((await h.waitForRows(before + 2))[before + 1]).toMatchObject({ streamed: true, inputTokens: 11, outputTokens: 6 });

    const withUsage = [];
    for await (const chunk of await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'hi' }],
    }))
      withUsage.push(chunk);
    expect(withUsage.at(-1)!.usage).toMatchObject({ prompt_tokens: 11, completion_tokens: 6 });

    const response = await client.responses.create({ model: 'gpt-4.1', input: 'hi' });
    expect(response.output_text).toBe('ok-0 ok-1 ok-2 ');
    expect(h.fake.received.at(-1)!.headers.authorization).toBe(`Bearer ${canaryKey('openai')}`);
  });
});

describe('the published pipeline example, unmodified', () => {
  it('curl with x-api-key and a system-role message works: the system message is lifted for Anthropic', async () => {
    const script = `curl -sS -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/anthropic/v1/messages" \\
      -H "Content-Type: application/json" \\
      -H "x-api-key: $BUILDKITE_AGENT_ACCESS_TOKEN" \\
      -d '{
        "model": "claude-sonnet-4-5",
        "max_tokens": 1024,
        "messages": [
          {"role": "system", "content": "You are an expert at analysing CI build failures."},
          {"role": "user", "content": "Why did this build fail?"}
        ]
      }'`;
    const { stdout } = await promisify(execFile)('sh', ['-c', script], {
      env: { PATH: process.env.PATH, BUILDKITE_AGENT_ENDPOINT: h.endpoint, BUILDKITE_AGENT_ACCESS_TOKEN: jobToken() },
    });
    expect(JSON.parse(stdout)).toMatchObject({ type: 'message', content: [{ type: 'text', text: 'ok-0 ok-1 ok-2 ' }] });
    const sent = JSON.parse(h.fake.received.at(-1)!.body);
    expect(sent.system).toBe('You are an expert at analysing CI build failures.');
    expect(sent.messages).toEqual([{ role: 'user', content: 'Why did this build fail?' }]);
    expect(h.fake.received.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');
  });
});
