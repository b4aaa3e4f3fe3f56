import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../electron/core/events';

describe('the core event bus', () => {
  it('delivers payloads until unsubscribed', () => {
    const bus = createEventBus();
    const seen: number[] = [];
    const off = bus.on('usage.recorded', ({ count }) => seen.push(count));
    bus.emit('usage.recorded', { count: 2 });
    off();
    bus.emit('usage.recorded', { count: 3 });
    expect(seen).toEqual([2]);
  });

  it('keeps emitting when a listener throws and reports the error', () => {
    const errors: unknown[] = [];
    const bus = createEventBus((error) => errors.push(error));
    const seen: string[] = [];
    bus.on('proxy.stateChanged', () => {
      throw new Error('boom');
    });
    bus.on('proxy.stateChanged', ({ state }) => seen.push(state));
    bus.emit('proxy.stateChanged', { state: 'paused' });
    expect(seen).toEqual(['paused']);
    expect(errors).toHaveLength(1);
  });
});
