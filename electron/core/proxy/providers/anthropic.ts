import { headerCredential } from './header-credential';
import { joinUpstreamUrl, modelOrDefault, type ProviderAdapter } from './adapter';

export const defaultAnthropicVersion = '2023-06-01';

/**
 * Anthropic Messages (`/v1/messages`, streamed or not) and `/v1/messages/count_tokens` (free, not
 * metered). The key goes in `x-api-key`; `anthropic-version` defaults to 2023-06-01 and
 * `anthropic-beta` passes through.
 */
export const anthropicAdapter: ProviderAdapter = {
  defaultBaseUrl: (provider) => provider.baseUrl ?? 'https://api.anthropic.com',
  plan(request) {
    const { model, changed } = modelOrDefault(request);
    const lifted = request.body && request.path.startsWith('/v1/messages') ? liftSystemMessages(request.body) : false;
    return {
      url: joinUpstreamUrl(request.base, request.path, request.query),
      model,
      streamed: request.body?.stream === true,
      metered: request.method === 'POST' && !request.path.endsWith('/count_tokens'),
      hideUsageChunk: false,
      bodyChanged: changed || lifted,
      defaultHeaders: { 'anthropic-version': defaultAnthropicVersion },
      auth: headerCredential('x-api-key'),
    };
  },
};

type Block = { type: 'text'; text: string } & Record<string, unknown>;

/**
 * The published pipeline example sends `{"role": "system", …}` inside `messages`, which the
 * Messages API rejects. Leading system-role messages become the top-level `system` field.
 */
export function liftSystemMessages(body: Record<string, unknown>): boolean {
  const messages = body.messages;
  if (!Array.isArray(messages)) return false;
  let count = 0;
  while (count < messages.length && (messages[count] as { role?: unknown } | null)?.role === 'system') count++;
  if (count === 0) return false;
  const blocks: Block[] = [];
  if (typeof body.system === 'string' && body.system) blocks.push({ type: 'text', text: body.system });
  else if (Array.isArray(body.system)) blocks.push(...(body.system as Block[]));
  let allText = blocks.every((block) => Object.keys(block).length === 2);
  for (const message of messages.slice(0, count) as { content?: unknown }[]) {
    if (typeof message.content === 'string') blocks.push({ type: 'text', text: message.content });
    else if (Array.isArray(message.content)) {
      for (const block of message.content as Block[]) {
        blocks.push(block);
        if (block.type !== 'text' || Object.keys(block).length !== 2) allText = false;
      }
    }
  }
  body.system = allText ? blocks.map((block) => block.text).join('\n\n') : blocks;
  body.messages = messages.slice(count);
  return true;
}
