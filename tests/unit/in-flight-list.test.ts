import { describe, expect, it } from 'vitest';
import { InFlightList, type InFlightLinks } from '../../electron/core/proxy/in-flight-list';

class Call implements InFlightLinks<Call> {
  previousInFlight: Call | null = null;
  nextInFlight: Call | null = null;
  constructor(readonly name: string) {}
}

const names = (list: InFlightList<Call>) => list.toArray().map((call) => call.name);

/** A list holding one call per name, added in that order, and the calls. */
function listOf(...callNames: string[]): { list: InFlightList<Call>; calls: Call[] } {
  const list = new InFlightList<Call>();
  const calls = callNames.map((name) => new Call(name));
  for (const call of calls) list.add(call);
  return { list, calls };
}

describe('InFlightList', () => {
  it('holds what was added, newest first, and counts it', () => {
    const {
      list,
      calls: [a, b, c],
    } = listOf('a', 'b', 'c');
    expect(names(list)).toEqual(['c', 'b', 'a']);
    expect(list.size).toBe(3);
    expect([a, b, c].every((call) => list.has(call!))).toBe(true);
  });

  it('takes out the head, a middle item and the tail, and the rest stays linked', () => {
    const { list, calls } = listOf('a', 'b', 'c', 'd', 'e');
    list.delete(calls[4]!); // head
    list.delete(calls[2]!); // middle
    list.delete(calls[0]!); // tail
    expect(names(list)).toEqual(['d', 'b']);
    expect(list.size).toBe(2);
    expect(list.has(calls[2]!)).toBe(false);
    list.delete(calls[3]!);
    list.delete(calls[1]!);
    expect(names(list)).toEqual([]);
    expect(list.size).toBe(0);
  });

  it('leaves a deleted item with no link to the others (so old garbage cannot hold live calls)', () => {
    const {
      list,
      calls: [a, b, c],
    } = listOf('a', 'b', 'c');
    list.delete(b!);
    expect(b!.previousInFlight).toBeNull();
    expect(b!.nextInFlight).toBeNull();
    expect(c!.nextInFlight).toBe(a);
    expect(a!.previousInFlight).toBe(c);
  });

  it('ignores deleting twice, deleting what was never added and adding twice', () => {
    const {
      list,
      calls: [a, b],
    } = listOf('a', 'b');
    list.add(b!);
    list.delete(a!);
    list.delete(a!);
    list.delete(new Call('stranger'));
    expect(names(list)).toEqual(['b']);
    expect(list.size).toBe(1);
  });

  it('lets the caller delete while it goes through a copy', () => {
    const { list } = listOf('a', 'b', 'c');
    for (const call of list.toArray()) list.delete(call);
    expect(list.size).toBe(0);
    expect(names(list)).toEqual([]);
  });
});
