import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { GoogleGenAI } from '@google/genai';
import { ChatAnthropic } from '@langchain/anthropic';
import { ChatOpenAI } from '@langchain/openai';
import { generateText, streamText, type LanguageModel } from 'ai';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRecord } from '../../shared/operations/usage';
import { canaryKey, startProxyHarness, type ProxyHarness } from '../support/proxy-harness';

let h: ProxyHarness;

beforeAll(async () => {
  h = await startProxyHarness({
    providers: [{ slug: 'anthropic' }, { slug: 'openai' }, { slug: 'google' }, { slug: 'ollama', secret: null }],
  });
});
afterAll(() => h.stop());

const jobToken = () => h.tokens[0]!.value;
/** The streamed calls ask the fake for five chunks (ten output tokens), the plain ones get three (six). */
const fiveChunks = { 'x-fake-chunks': '5' };
const plainText = 'ok-0 ok-1 ok-2 ';
const streamedText = 'ok-0 ok-1 ok-2 ok-3 ok-4 ';

/** The rows written by `call`, in order: exactly `count` of them. */
async function rowsOf(count: number, call: () => Promise<void>): Promise<UsageRecord[]> {
  const before = (await h.rows()).length;
  await call();
  const rows = (await h.waitForRows(before + count)).slice(before);
  expect(rows).toHaveLength(count);
  return rows;
}

/** One plain and one streamed call; both rows carry the exact usage the fake reported. */
function expectExactUsage(rows: UsageRecord[], provider: string): void {
  expect(rows[0]).toMatchObject({ provider, streamed: false, status: 200, inputTokens: 11, outputTokens: 6, usageUnknown: false });
  expect(rows[1]).toMatchObject({ provider, streamed: true, status: 200, inputTokens: 11, outputTokens: 10, usageUnknown: false });
}

/** The AI SDK's two calls, each model pointed at the proxy with a base URL and the job token. */
async function aiSdkCalls(model: LanguageModel): Promise<void> {
  const plain = await generateText({ model, prompt: 'hi' });
  expect(plain.text).toBe(plainText);
  expect(plain.usage).toMatchObject({ inputTokens: 11, outputTokens: 6 });
  const streamed = streamText({ model, prompt: 'hi', headers: fiveChunks });
  let text = '';
  for await (const delta of streamed.textStream) text += delta;
  expect(text).toBe(streamedText);
  expect(await streamed.usage).toMatchObject({ inputTokens: 11, outputTokens: 10 });
}

describe('the AI SDK providers, with only a base URL and a job token', () => {
  it('@ai-sdk/anthropic: generateText and streamText', async () => {
    const anthropic = createAnthropic({ baseURL: `${h.endpoint}/ai/anthropic/v1`, apiKey: jobToken() });
    expectExactUsage(await rowsOf(2, () => aiSdkCalls(anthropic('claude-haiku-4-5'))), 'anthropic');
    expect(h.fake.received.at(-1)!.headers['x-api-key']).toBe(canaryKey('anthropic'));
  });

  it('@ai-sdk/openai: the Responses API (its default) and Chat Completions', async () => {
    const openai = createOpenAI({ baseURL: `${h.endpoint}/ai/openai/v1`, apiKey: jobToken() });
    expectExactUsage(await rowsOf(2, () => aiSdkCalls(openai('gpt-4.1'))), 'openai');
    expect(h.fake.received.at(-1)!.path).toBe('/v1/responses');
    expectExactUsage(await rowsOf(2, () => aiSdkCalls(openai.chat('gpt-4o-mini'))), 'openai');
    expect(h.fake.received.at(-1)!.path).toBe('/v1/chat/completions');
    expect(h.fake.received.at(-1)!.headers.authorization).toBe(`Bearer ${canaryKey('openai')}`);
  });

  it('@ai-sdk/google: generateText and streamText', async () => {
    const google = createGoogleGenerativeAI({ baseURL: `${h.endpoint}/ai/google/v1beta`, apiKey: jobToken() });
    expectExactUsage(await rowsOf(2, () => aiSdkCalls(google('gemini-2.5-flash'))), 'google');
    expect(h.fake.received.at(-1)!.headers['x-goog-api-key']).toBe(canaryKey('google'));
  });
});

describe('the provider SDKs beside the Anthropic and OpenAI ones', () => {
  it('@google/genai: generateContent and generateContentStream', async () => {
    const ai = new GoogleGenAI({ apiKey: jobToken(), httpOptions: { baseUrl: `${h.endpoint}/ai/google` } });
    const rows = await rowsOf(2, async () => {
      const plain = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
      expect(plain.text).toBe(plainText);
      expect(plain.usageMetadata).toMatchObject({ promptTokenCount: 11, candidatesTokenCount: 6 });
      let text = '';
      let last: number | undefined;
      for await (const chunk of await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'hi',
        config: { httpOptions: { headers: fiveChunks } },
      })) {
        text += chunk.text ?? '';
        last = chunk.usageMetadata?.candidatesTokenCount;
      }
      expect(text).toBe(streamedText);
      expect(last).toBe(10);
    });
    expectExactUsage(rows, 'google');
    expect(h.fake.received.at(-1)!.headers['x-goog-api-key']).toBe(canaryKey('google'));
  });

  it('ollama-js: chat, plain and streamed', async () => {
    const ollama = new Ollama({ host: `${h.endpoint}/ai/ollama`, headers: { Authorization: `Bearer ${jobToken()}` } });
    const rows = await rowsOf(2, async () => {
      const plain = await ollama.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: false });
      expect(plain.message.content).toBe(plainText);
      expect(plain).toMatchObject({ prompt_eval_count: 11, eval_count: 6 });
      const streamed = new Ollama({ host: `${h.endpoint}/ai/ollama`, headers: { Authorization: `Bearer ${jobToken()}`, ...fiveChunks } });
      let text = '';
      let evalCount = 0;
      for await (const part of await streamed.chat({ model: 'llama3.2', messages: [{ role: 'user', content: 'hi' }], stream: true })) {
        text += part.message.content;
        if (part.done) evalCount = part.eval_count;
      }
      expect(text).toBe(streamedText);
      expect(evalCount).toBe(10);
    });
    expectExactUsage(rows, 'ollama');
    // No key is linked to this Ollama: the job token never travels on.
    expect(h.fake.received.at(-1)!.headers.authorization).toBeUndefined();
  });
});

describe('LangChain chat models, with only a base URL and a job token', () => {
  it('@langchain/anthropic: invoke and stream', async () => {
    const model = new ChatAnthropic({
      model: 'claude-haiku-4-5',
      apiKey: jobToken(),
      anthropicApiUrl: `${h.endpoint}/ai/anthropic`,
      maxRetries: 0,
    });
    const rows = await rowsOf(2, async () => {
      const plain = await model.invoke('hi');
      expect(plain.content).toBe(plainText);
      expect(plain.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 6 });
      let text = '';
      for await (const chunk of await model.stream('hi', { headers: fiveChunks })) text += String(chunk.content);
      expect(text).toBe(streamedText);
    });
    expectExactUsage(rows, 'anthropic');
  });

  it('@langchain/openai: invoke and stream', async () => {
    const chat = (headers: Record<string, string> = {}) =>
      new ChatOpenAI({
        model: 'gpt-4o-mini',
        apiKey: jobToken(),
        configuration: { baseURL: `${h.endpoint}/ai/openai/v1`, defaultHeaders: headers },
        maxRetries: 0,
      });
    const model = chat();
    const rows = await rowsOf(2, async () => {
      const plain = await model.invoke('hi');
      expect(plain.content).toBe(plainText);
      expect(plain.usage_metadata).toMatchObject({ input_tokens: 11, output_tokens: 6 });
      let text = '';
      let usage: unknown;
      for await (const chunk of await chat(fiveChunks).stream('hi')) {
        text += String(chunk.content);
        usage = chunk.usage_metadata ?? usage;
      }
      expect(text).toBe(streamedText);
      expect(usage).toMatchObject({ input_tokens: 11, output_tokens: 10 });
    });
    expectExactUsage(rows, 'openai');
  });
});
