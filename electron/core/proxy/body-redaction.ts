import { scrubText } from './credential-scrubber';

const redacted = '[redacted]';

/**
 * Shapes of secrets that must never be kept in a captured body, whoever's they are: Switchboard
 * tokens, provider keys (Anthropic, OpenAI, Google, xAI, Groq, AWS access keys), bearer tokens, and
 * the value of any JSON field whose name says it holds a key, password or token.
 */
const secretShapes: Array<[RegExp, string]> = [
  [/\bsb_[0-9A-Za-z]{43}\b/g, redacted],
  [/\bsk-(?:ant-)?[A-Za-z0-9_-]{16,}/g, redacted],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, redacted],
  [/\b(?:xai|gsk)[-_][A-Za-z0-9]{20,}/g, redacted],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, redacted],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${redacted}`],
  // A JSON field named like a secret, also inside a JSON string (a prompt quoting JSON: `\"api_key\": \"…\"`).
  [
    /((\\?)"[A-Za-z_-]*(?:api[_-]?key|apikey|secret|password|passwd|token|authorization|credential)[A-Za-z_-]*\2"\s*:\s*)\2"(?:[^"\\]|\\[^"])*\2"/gi,
    `$1$2"${redacted}$2"`,
  ],
];

/**
 * A body as it may be kept: the credential injected into the call scrubbed (the proxy's own
 * scrubber), then every known secret shape. Used only on captured bodies, after the answer left.
 */
export function redactBody(text: string, credential: string | null): string {
  let out = scrubText(text, credential);
  for (const [shape, replacement] of secretShapes) out = out.replace(shape, replacement);
  return out;
}
