import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { pieces, type Knobs } from './knobs';

/** One wire format: a whole JSON answer, or the frames of a streamed one. */
export interface Answer {
  contentType: string;
  json?: unknown;
  frames?: (string | Uint8Array)[];
  /** Uses no tokens (token counting, model lists). */
  unmetered?: boolean;
  /** Response headers besides the content type (Bedrock InvokeModel's token counts). */
  headers?: Record<string, string>;
}

const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

export function anthropicMessage(model: string, knobs: Knobs, stream: boolean): Answer {
  const text = pieces(knobs);
  const usage = {
    input_tokens: knobs.inputTokens,
    cache_creation_input_tokens: knobs.cacheWriteTokens,
    cache_read_input_tokens: knobs.cacheReadTokens,
    output_tokens: knobs.outputTokens,
  };
  if (!stream) {
    return {
      contentType: 'application/json',
      json: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'text', text: text.join('') }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage,
      },
    };
  }
  const frames = [
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    sse('ping', { type: 'ping' }),
    ...text.map((piece) =>
      sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } }),
    ),
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }),
    // Two deltas, each with the running total: a meter that sums them overcounts.
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: null, stop_sequence: null },
      usage: { output_tokens: Math.max(1, knobs.outputTokens - 1) },
    }),
    sse('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: knobs.outputTokens },
    }),
    sse('message_stop', { type: 'message_stop' }),
  ];
  return { contentType: 'text/event-stream; charset=utf-8', frames };
}

export function openAiChat(model: string, knobs: Knobs, stream: boolean, includeUsage: boolean): Answer {
  const text = pieces(knobs);
  const prompt = knobs.inputTokens + knobs.cacheReadTokens;
  const usage = {
    prompt_tokens: prompt,
    completion_tokens: knobs.outputTokens,
    total_tokens: prompt + knobs.outputTokens,
    prompt_tokens_details: { cached_tokens: knobs.cacheReadTokens },
  };
  const base = { id: 'chatcmpl-fake', created: 1_700_000_000, model, system_fingerprint: 'fp_fake' };
  if (!stream) {
    return {
      contentType: 'application/json',
      json: {
        ...base,
        object: 'chat.completion',
        choices: [
          { index: 0, message: { role: 'assistant', content: text.join(''), refusal: null }, logprobs: null, finish_reason: 'stop' },
        ],
        usage,
      },
    };
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    sse(null, { ...base, object: 'chat.completion.chunk', choices, ...(includeUsage ? { usage: null } : {}), ...extra });
  const frames = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]),
    ...text.map((piece) => chunk([{ index: 0, delta: { content: piece }, logprobs: null, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]),
  ];
  if (includeUsage) frames.push(chunk([], { usage }));
  frames.push('data: [DONE]\n\n');
  return { contentType: 'text/event-stream; charset=utf-8', frames };
}

export function openAiResponses(model: string, knobs: Knobs, stream: boolean): Answer {
  const text = pieces(knobs).join('');
  const prompt = knobs.inputTokens + knobs.cacheReadTokens;
  const usage = {
    input_tokens: prompt,
    input_tokens_details: { cached_tokens: knobs.cacheReadTokens },
    output_tokens: knobs.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: prompt + knobs.outputTokens,
  };
  const output = [
    { id: 'msg_fake', type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] },
  ];
  const response = { id: 'resp_fake', object: 'response', created_at: 1_700_000_000, status: 'completed', model, output, usage };
  if (!stream) return { contentType: 'application/json', json: response };
  const frames = [
    sse('response.created', {
      type: 'response.created',
      sequence_number: 0,
      response: { ...response, status: 'in_progress', output: [], usage: null },
    }),
    ...pieces(knobs).map((delta, i) =>
      sse('response.output_text.delta', {
        type: 'response.output_text.delta',
        sequence_number: i + 1,
        item_id: 'msg_fake',
        output_index: 0,
        content_index: 0,
        delta,
      }),
    ),
    sse('response.completed', { type: 'response.completed', sequence_number: knobs.chunks + 1, response }),
  ];
  return { contentType: 'text/event-stream; charset=utf-8', frames };
}

export function openAiEmbeddings(model: string, knobs: Knobs): Answer {
  return {
    contentType: 'application/json',
    json: {
      object: 'list',
      model,
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
      usage: { prompt_tokens: knobs.inputTokens, total_tokens: knobs.inputTokens },
    },
  };
}

export function gemini(model: string, knobs: Knobs, stream: boolean, asSse: boolean): Answer {
  const text = pieces(knobs);
  const usageAfter = (n: number) => ({
    promptTokenCount: knobs.inputTokens + knobs.cacheReadTokens,
    candidatesTokenCount: n * 2,
    totalTokenCount: knobs.inputTokens + knobs.cacheReadTokens + n * 2,
    ...(knobs.cacheReadTokens ? { cachedContentTokenCount: knobs.cacheReadTokens } : {}),
  });
  const chunk = (piece: string, n: number) => ({
    candidates: [
      { content: { parts: [{ text: piece }], role: 'model' }, index: 0, ...(n === knobs.chunks ? { finishReason: 'STOP' } : {}) },
    ],
    usageMetadata: usageAfter(n),
    modelVersion: model,
  });
  if (!stream) return { contentType: 'application/json', json: chunk(text.join(''), knobs.chunks) };
  const chunks = text.map((piece, i) => chunk(piece, i + 1));
  if (asSse) return { contentType: 'text/event-stream', frames: chunks.map((c) => `data: ${JSON.stringify(c)}\r\n\r\n`) };
  return {
    contentType: 'application/json; charset=UTF-8',
    frames: chunks.map((c, i) => (i === 0 ? '[' : ',\r\n') + JSON.stringify(c) + (i === chunks.length - 1 ? ']' : '')),
  };
}

export function ollamaChat(model: string, knobs: Knobs, stream: boolean): Answer {
  const final = {
    model,
    created_at: '2025-01-01T00:00:00Z',
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: 'stop',
    total_duration: 1000,
    prompt_eval_count: knobs.inputTokens,
    eval_count: knobs.outputTokens,
  };
  if (!stream)
    return {
      contentType: 'application/json; charset=utf-8',
      json: { ...final, message: { role: 'assistant', content: pieces(knobs).join('') } },
    };
  const frames = pieces(knobs).map(
    (content) => JSON.stringify({ model, created_at: '2025-01-01T00:00:00Z', message: { role: 'assistant', content }, done: false }) + '\n',
  );
  frames.push(JSON.stringify(final) + '\n');
  return { contentType: 'application/x-ndjson', frames };
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const event = (type: string, payload: unknown) =>
  codec.encode({
    headers: {
      ':event-type': { type: 'string', value: type },
      ':content-type': { type: 'string', value: 'application/json' },
      ':message-type': { type: 'string', value: 'event' },
    },
    body: fromUtf8(JSON.stringify(payload)),
  });

export function bedrockConverse(knobs: Knobs, stream: boolean): Answer {
  const usage = {
    inputTokens: knobs.inputTokens,
    outputTokens: knobs.outputTokens,
    totalTokens: knobs.inputTokens + knobs.outputTokens,
    ...(knobs.cacheReadTokens ? { cacheReadInputTokens: knobs.cacheReadTokens } : {}),
  };
  if (!stream) {
    return {
      contentType: 'application/json',
      json: {
        output: { message: { role: 'assistant', content: [{ text: pieces(knobs).join('') }] } },
        stopReason: 'end_turn',
        usage,
        metrics: { latencyMs: 5 },
      },
    };
  }
  const frames: Uint8Array[] = [
    event('messageStart', { role: 'assistant' }),
    ...pieces(knobs).map((text) => event('contentBlockDelta', { contentBlockIndex: 0, delta: { text } })),
    event('contentBlockStop', { contentBlockIndex: 0 }),
    event('messageStop', { stopReason: 'end_turn' }),
    event('metadata', { usage, metrics: { latencyMs: 5 } }),
  ];
  return { contentType: 'application/vnd.amazon.eventstream', frames };
}

/** Bedrock InvokeModel of an Anthropic model: the model's own body, the token counts in headers. */
export function bedrockInvoke(knobs: Knobs): Answer {
  return {
    contentType: 'application/json',
    json: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: pieces(knobs).join('') }],
      stop_reason: 'end_turn',
    },
    headers: {
      'x-amzn-bedrock-input-token-count': String(knobs.inputTokens),
      'x-amzn-bedrock-output-token-count': String(knobs.outputTokens),
    },
  };
}
