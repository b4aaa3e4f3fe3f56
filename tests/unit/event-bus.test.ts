import { describe, expect, it } from 'vitest';
import { createEventBus } from '../../electron/core/events';

describe('the core event bus', () => {
  it('delivers payloads until unsubscribed', () => {
    const bus = createEventBus();
    const seen: string[] = [];
    const off = bus.on('token.changed', ({ tokenId }) => seen.push(tokenId));
    bus.emit('token.changed', { tokenId: 'tok_2' });
    off();
    bus.emit('token.changed', { tokenId: 'tok_3' });
    expect(seen).toEqual(['tok_2']);
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
