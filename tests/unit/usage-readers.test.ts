import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEventStreamReader } from '../../electron/core/proxy/streaming/event-stream-reader';
import { createJsonReader } from '../../electron/core/proxy/streaming/json-reader';
import { createNdjsonReader } from '../../electron/core/proxy/streaming/ndjson-reader';
import { createSseReader } from '../../electron/core/proxy/streaming/sse-reader';
import type { BodyReader } from '../../electron/core/proxy/streaming/body-reader';
import { anthropicMessage, bedrockConverse, gemini, ollamaChat, openAiChat, openAiResponses } from '../support/fake-upstream/formats';
import { readKnobs } from '../support/fake-upstream/knobs';

const knobs = readKnobs({
  'x-fake-chunks': '4',
  'x-fake-input': '120',
  'x-fake-cache-read': '30',
  'x-fake-cache-write': '7',
  'x-fake-marker': 'héllo✓',
});

function bytesOf(frames: (string | Uint8Array)[]): Buffer {
  return Buffer.concat(frames.map((frame) => (typeof frame === 'string' ? Buffer.from(frame) : Buffer.from(frame))));
}

/** Feeds `bytes` split at `cuts` and returns what the client got. */
function run(reader: BodyReader, bytes: Buffer, cuts: number[]): Buffer {
  const out: Buffer[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
    const piece = reader.feed(bytes.subarray(start, cut));
    if (piece) out.push(piece);
    start = cut;
  }
  const tail = reader.end();
  if (tail) out.push(tail);
  return Buffer.concat(out);
}

const cutsOf = (bytes: Buffer) => fc.array(fc.integer({ min: 0, max: bytes.length }), { maxLength: 40 });

describe('streaming usage readers, whatever the chunk boundaries (multi-byte characters included)', () => {
  it('Anthropic SSE: input and cache from message_start, output from the last cumulative message_delta', () => {
    const bytes = bytesOf(anthropicMessage('claude-sonnet-4-5', knobs, true).frames!);
    fc.assert(
      fc.property(cutsOf(bytes), (cuts) => {
        const reader = createSseReader(null);
        expect(run(reader, bytes, cuts).equals(bytes)).toBe(true);
        expect(reader.usage).toMatchObject({
          model: 'claude-sonnet-4-5',
          inputTokens: 120,
          cacheReadTokens: 30,
          cacheWriteTokens: 7,
          outputTokens: 8,
          reported: true,
        });
      }),
    );
  });

  it('OpenAI SSE with the usage chunk hidden: the client gets every other event intact', () => {
    const bytes = bytesOf(openAiChat('gpt-4o', knobs, true, true).frames!);
    const expected = bytesOf(openAiChat('gpt-4o', knobs, true, true).frames!.filter((f) => !String(f).includes('"choices":[]')));
    fc.assert(
      fc.property(cutsOf(bytes), (cuts) => {
        const reader = createSseReader(null, { hideUsageChunk: true });
        expect(run(reader, bytes, cuts).toString()).toBe(expected.toString());
        expect(reader.usage).toMatchObject({ inputTokens: 120, cacheReadTokens: 30, outputTokens: 8 });
      }),
    );
  });

  it('Gemini SSE (CRLF-separated), Ollama NDJSON and Bedrock event-stream', () => {
    const cases: [() => BodyReader, Buffer, Record<string, number>][] = [
      [
        () => createSseReader(null),
        bytesOf(gemini('gemini-2.5-flash', knobs, true, true).frames!),
        { inputTokens: 120, cacheReadTokens: 30, outputTokens: 8 },
      ],
      [
        () => createJsonReader(null),
        bytesOf(gemini('gemini-2.5-flash', knobs, true, false).frames!),
        { inputTokens: 120, cacheReadTokens: 30, outputTokens: 8 },
      ],
      [() => createNdjsonReader(null), bytesOf(ollamaChat('llama3.2', knobs, true).frames!), { inputTokens: 120, outputTokens: 8 }],
      [
        () => createEventStreamReader(null),
        bytesOf(bedrockConverse(knobs, true).frames!),
        { inputTokens: 120, cacheReadTokens: 30, outputTokens: 8 },
      ],
    ];
    for (const [make, bytes, expected] of cases) {
      fc.assert(
        fc.property(cutsOf(bytes), (cuts) => {
          const reader = make();
          expect(run(reader, bytes, cuts).equals(bytes)).toBe(true);
          expect(reader.usage).toMatchObject(expected);
        }),
        { numRuns: 50 },
      );
    }
  });

  it('OpenAI Responses SSE: usage at the end of a large response.completed event that spans many chunks', () => {
    const long = readKnobs({ 'x-fake-chunks': '3000', 'x-fake-input': '120', 'x-fake-cache-read': '30', 'x-fake-marker': 'usage✓' });
    const bytes = bytesOf(openAiResponses('gpt-5', long, true).frames!);
    expect(bytes.length).toBeGreaterThan(100_000);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4096 }), (size) => {
        const reader = createSseReader(null);
        const cuts = Array.from({ length: Math.floor(bytes.length / size) }, (_, i) => (i + 1) * size);
        expect(run(reader, bytes, cuts).equals(bytes)).toBe(true);
        expect(reader.usage).toMatchObject({ model: 'gpt-5', inputTokens: 120, cacheReadTokens: 30, outputTokens: 6000, reported: true });
      }),
      { numRuns: 30 },
    );
  });

  it('SSE with CR line endings, multi-line data and "usage" inside text: only real reports count', () => {
    const frames = [
      'event: content_block_delta\rdata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"the usage is high"}}\r\r',
      'event: message_start\rdata: {"type":"message_start","message":{"model":"claude-haiku-4-5",\rdata: "usage":{"input_tokens":9,"output_tokens":1}}}\r\r',
      'event: message_delta\rdata: {"type":"message_delta","usage":{"output_tokens":5}}\r\r',
      'data: [DONE]\r\r',
    ];
    const bytes = bytesOf(frames);
    fc.assert(
      fc.property(cutsOf(bytes), (cuts) => {
        const reader = createSseReader(null);
        expect(run(reader, bytes, cuts).equals(bytes)).toBe(true);
        expect(reader.usage).toMatchObject({ model: 'claude-haiku-4-5', inputTokens: 9, outputTokens: 5, reported: true });
      }),
    );
  });

  it('an SSE stream cut off mid-event still reports the usage that arrived complete', () => {
    const frames = anthropicMessage('claude-sonnet-4-5', knobs, true).frames!.map(String);
    const last = frames.findIndex((frame) => frame.includes('message_delta'));
    const bytes = Buffer.concat([bytesOf(frames.slice(0, last)), Buffer.from(frames[last]!.slice(0, 40))]);
    const reader = createSseReader(null);
    run(reader, bytes, [7, 300]);
    expect(reader.usage).toMatchObject({ inputTokens: 120, cacheReadTokens: 30, outputTokens: 1 });
  });

  it('an SSE event too large to inspect passes through, and usage in the events after it still counts', () => {
    const huge = `data: {"type":"content_block_delta","delta":{"type":"text_delta","text":"${'x'.repeat(6 * 1024 * 1024)}"}}\n\n`;
    const bytes = bytesOf([huge, 'data: {"type":"message_delta","usage":{"output_tokens":42}}\n\n']);
    const reader = createSseReader(null);
    const cuts = Array.from({ length: Math.floor(bytes.length / 65_536) }, (_, i) => (i + 1) * 65_536);
    expect(run(reader, bytes, cuts).equals(bytes)).toBe(true);
    expect(reader.usage).toMatchObject({ outputTokens: 42, reported: true });
  });

  it('a large JSON body keeps bounded memory and still finds the usage at its end', () => {
    const body = JSON.stringify({
      data: [{ embedding: Array.from({ length: 400_000 }, () => 0.123) }],
      usage: { prompt_tokens: 77, total_tokens: 77 },
    });
    const reader = createJsonReader(null);
    const bytes = Buffer.from(body);
    for (let i = 0; i < bytes.length; i += 65_536) reader.feed(bytes.subarray(i, i + 65_536));
    reader.end();
    expect(reader.usage).toMatchObject({ inputTokens: 77, outputTokens: 0, reported: true });
  });
});
