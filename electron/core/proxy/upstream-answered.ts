import type { EventBus } from '../events';
import type { Exchange } from './exchange';
import type { ProxyLookups } from './proxy-lookups';

/**
 * What the proxy learns from an upstream's status, over HTTP or at a WebSocket handshake: a
 * rejected key is read again from the vault next time (it may have been rotated meanwhile), and
 * the admin is told.
 */
export function createUpstreamAnswered(lookups: ProxyLookups, events: EventBus) {
  return function upstreamAnswered(exchange: Exchange, status: number): void {
    const provider = exchange.provider!;
    if ((status === 401 || status === 403) && provider.secretId) {
      lookups.forgetSecret(provider.secretId);
      events.emit('upstream.authRejected', { aiProviderId: provider.id, providerName: provider.name, status });
    }
  };
}
