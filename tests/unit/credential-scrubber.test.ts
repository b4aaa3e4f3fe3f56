import { expect, it } from 'vitest';
import { createStreamScrubber } from '../../electron/core/proxy/credential-scrubber';

const key = 'sk-canary-abcabcabXYZ-0123456789';
const body = `data: {"a":1}\n\nevent: error\ndata: {"message":"bad key ${key} (also ${key})"}\n\ndata: {"b":2}\n\n`;

function run(pieces: string[]): string {
  const scrubber = createStreamScrubber(key);
  const out = pieces.map((piece) => scrubber.feed(Buffer.from(piece)));
  const rest = scrubber.end();
  return Buffer.concat(rest ? [...out, rest] : out).toString('utf8');
}

it('masks the credential at every split position, keeping the byte length, and changes nothing else', () => {
  const whole = run([body]);
  expect(whole).not.toContain(key);
  expect(whole).toContain('[redacted]');
  expect(Buffer.byteLength(whole)).toBe(Buffer.byteLength(body));
  for (let cut = 1; cut < body.length; cut++) expect(run([body.slice(0, cut), body.slice(cut)])).toBe(whole);
  expect(run([...body])).toBe(whole); // one byte at a time
});

it('holds nothing back from a chunk that cannot start the credential', () => {
  const scrubber = createStreamScrubber(key);
  const chunk = Buffer.from('data: {"text":"hello"}\n\n');
  expect(scrubber.feed(chunk)).toBe(chunk);
  expect(scrubber.end()).toBeNull();
});

it('a tail that only looked like the start of the credential is released with the next chunk', () => {
  expect(run(['text ends with sk-can', 'dy and more'])).toBe('text ends with sk-candy and more');
  expect(run(['ends with sk-canary-abc'])).toBe('ends with sk-canary-abc');
});

it('masks the credential in large chunks too, also across their boundary', () => {
  const filler = 'x'.repeat(10_000);
  const large = `${filler}${key}${filler}`;
  const cut = filler.length + 7;
  const out = run([large.slice(0, cut), large.slice(cut)]);
  expect(out).not.toContain(key);
  expect(out.length).toBe(large.length);
  expect(run([large])).toBe(out);
});
