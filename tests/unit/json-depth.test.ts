import { describe, expect, it } from 'vitest';
import { jsonNestsDeeperThan, maxJsonDepth } from '../../shared/json-depth';

const bytes = (text: string) => new TextEncoder().encode(text);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('the JSON nesting bound', () => {
  it('allows exactly the bound and refuses one level more, objects and arrays alike', () => {
    expect(jsonNestsDeeperThan(bytes(nested(maxJsonDepth)))).toBe(false);
    expect(jsonNestsDeeperThan(bytes(nested(maxJsonDepth + 1)))).toBe(true);
    expect(jsonNestsDeeperThan(bytes('{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000)))).toBe(true);
  });

  it('counts depth, not brackets: many siblings are fine', () => {
    expect(jsonNestsDeeperThan(bytes(`[${Array(10_000).fill('{"a":[1]}').join(',')}]`))).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ text: '['.repeat(500), quoted: '\\"[[[[' + '{'.repeat(300) });
    expect(jsonNestsDeeperThan(bytes(text))).toBe(false);
    expect(jsonNestsDeeperThan(bytes(text), 0)).toBe(true);
  });
});
