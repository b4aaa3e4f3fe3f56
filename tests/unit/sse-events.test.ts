import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventEndAfter, eventStartBefore } from '../../electron/core/proxy/streaming/sse-events';

// The definitions, spelled with native searches: the nearest blank line in each of the three
// spellings, whichever ends first (after) or last (before).
const separators = ['\n\n', '\r\n\r\n', '\r\r'].map((text) => Buffer.from(text, 'latin1'));

function endAfterByDefinition(bytes: Buffer, position: number): number {
  const ends = separators.map((s) => bytes.indexOf(s, position)).flatMap((at, i) => (at === -1 ? [] : [at + separators[i]!.length]));
  return ends.length === 0 ? -1 : Math.min(...ends);
}

function startBeforeByDefinition(bytes: Buffer, position: number, floor: number): number {
  let best = floor;
  for (const s of separators) {
    if (position - s.length < floor) continue;
    const at = bytes.lastIndexOf(s, position - s.length);
    if (at >= floor) best = Math.max(best, at + s.length);
  }
  return best;
}

/** Bytes made mostly of line endings, so that every way of writing (and mixing) blank lines turns up. */
const sseBytes = fc
  .array(fc.constantFrom('\n', '\r', 'a', 'data: x', '\r\n'), { maxLength: 40 })
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));

describe('server-sent event boundaries', () => {
  it('the end of the event after a position is the nearest blank line, in any spelling', () => {
    fc.assert(
      fc.property(sseBytes, fc.nat(), (bytes, seed) => {
        const position = seed % (bytes.length + 1);
        expect(eventEndAfter(bytes, position)).toBe(endAfterByDefinition(bytes, position));
      }),
      { numRuns: 3000 },
    );
  });

  it('the start of the event before a position is just past the last blank line at or after the floor', () => {
    fc.assert(
      fc.property(sseBytes, fc.nat(), fc.nat(), (bytes, a, b) => {
        const position = a % (bytes.length + 1);
        const floor = b % (position + 1);
        expect(eventStartBefore(bytes, position, floor)).toBe(startBeforeByDefinition(bytes, position, floor));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the ends of real events: LF, CRLF and CR spellings', () => {
    const bytes = Buffer.from('event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\ndata: 3\r\rdata: 4');
    expect(eventEndAfter(bytes, 0)).toBe(18);
    expect(eventEndAfter(bytes, 18)).toBe(39);
    expect(eventEndAfter(bytes, 39)).toBe(48);
    expect(eventEndAfter(bytes, 48)).toBe(-1);
    expect(eventStartBefore(bytes, bytes.length - 1, 0)).toBe(48);
    expect(eventStartBefore(bytes, 30, 0)).toBe(18);
    expect(eventStartBefore(bytes, 30, 20)).toBe(20);
  });
});
