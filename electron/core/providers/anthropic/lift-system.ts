import { AppError } from '../../../../shared/errors';

type Block = Record<string, unknown>;

/** A block that is nothing but text, which the lifted `system` can carry as plain text. */
const plainText = (block: Block) => block.type === 'text' && typeof block.text === 'string' && Object.keys(block).length === 2;

/** `system` or a message's `content` as blocks: text becomes one text block; anything but block objects is a 400. */
function blocksOf(value: unknown, path: string): Block[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw new AppError('bad_request', `${path} must be a string or an array of content blocks`);
  return value.map((block: unknown, index) => {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new AppError('bad_request', `${path}[${index}] must be a content block object such as {"type":"text","text":"…"}`);
    }
    return block as Block;
  });
}

/**
 * The published pipeline example sends `{"role": "system", …}` inside `messages`, which the
 * Messages API rejects. Leading system-role messages become the top-level `system` field: plain
 * text when every block is plain text, blocks otherwise (so cache_control survives).
 */
export function liftSystemMessages(body: Record<string, unknown>): boolean {
  const messages = body.messages;
  if (!Array.isArray(messages)) return false;
  let count = 0;
  while (count < messages.length && (messages[count] as { role?: unknown } | null)?.role === 'system') count++;
  if (count === 0) return false;
  const blocks: Block[] = [];
  if (body.system !== undefined && body.system !== null && body.system !== '') blocks.push(...blocksOf(body.system, 'system'));
  messages
    .slice(0, count)
    .forEach((message: { content?: unknown }, index) => blocks.push(...blocksOf(message.content, `messages[${index}].content`)));
  body.system = blocks.every(plainText) ? blocks.map((block) => block.text).join('\n\n') : blocks;
  body.messages = messages.slice(count);
  return true;
}
