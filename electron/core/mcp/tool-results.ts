import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AppError } from '../../../shared/errors';

/**
 * A successful call: the operation's output as structured content, plus a text block with a short
 * summary and the same JSON, for clients that show models only text (the spec's recommendation).
 */
export function toolSuccess(output: unknown): CallToolResult {
  const structured = output as Record<string, unknown>;
  return {
    structuredContent: structured,
    content: [{ type: 'text', text: `${summarize(structured)}\n${JSON.stringify(structured)}` }],
  };
}

/**
 * A failed call as a tool error (`isError`), so the model sees why and can correct itself: the
 * error code, the same message REST would give, and field details for invalid arguments.
 * @example "forbidden: Missing permission aiProviders:CreateAiProvider"
 */
export function toolError(error: AppError): CallToolResult {
  const details = error.details === undefined ? '' : `\n${JSON.stringify({ details: error.details })}`;
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}${details}` }],
  };
}

function summarize(output: Record<string, unknown>): string {
  if (Array.isArray(output.items)) {
    const count = output.items.length;
    const more = typeof output.nextCursor === 'string' ? ` More: call again with cursor "${output.nextCursor}".` : '';
    return `${count} ${count === 1 ? 'result' : 'results'}.${more}`;
  }
  if (output.deleted === true) return `Deleted ${String(output.id)}.`;
  if (typeof output.ok === 'boolean' && typeof output.message === 'string') {
    return `${output.ok ? 'OK' : 'Failed'}: ${output.message}`;
  }
  if (typeof output.id === 'string' && typeof output.name === 'string') return `${output.name} (${output.id}).`;
  return 'Done.';
}
