const maxLength = 300;

/**
 * The message of an upstream's error body for the request log: `error.message`, `message` or a
 * string `error` of its JSON (the shapes of Anthropic, OpenAI, Gemini, Ollama), else a plain
 * statement of the status. Only the message is kept, never the rest of the body.
 */
export function errorMessageOf(body: string, status: number): string {
  const fallback = `The upstream answered HTTP ${status}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.length > 64 * 1024 ? '' : body);
  } catch {
    return fallback;
  }
  const candidates = [
    pick(pick(parsed, 'error'), 'message'),
    pick(parsed, 'message'),
    pick(parsed, 'error'),
    pick(pick(parsed, 0), 'error'),
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate.trim()) return candidate.trim().slice(0, maxLength);
    const nested = pick(candidate, 'message');
    if (typeof nested === 'string' && nested.trim()) return nested.trim().slice(0, maxLength);
  }
  return fallback;
}

function pick(value: unknown, key: string | number): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string | number, unknown>)[key] : undefined;
}
