import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createHostGuard } from '../../electron/core/http/host-guard';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('Host and Origin guard (DNS rebinding)', () => {
  const check = createHostGuard(() => 8787);

  it.each(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787', 'LOCALHOST:8787'])('accepts Host %s', (host) => {
    expect(check(request({ host }))).toBeNull();
  });

  it.each(['evil.example:8787', '127.0.0.1:9999', '127.0.0.1', 'attacker.localhost:8787'])('rejects Host %s', (host) => {
    expect(check(request({ host }))?.status).toBe(403);
  });

  it('rejects a missing Host', () => {
    expect(check(request({}))?.code).toBe('forbidden');
  });

  it('accepts its own origin and rejects others', () => {
    expect(check(request({ host: '127.0.0.1:8787', origin: 'http://127.0.0.1:8787' }))).toBeNull();
    expect(check(request({ host: '127.0.0.1:8787', origin: 'http://evil.example' }))?.status).toBe(403);
    expect(check(request({ host: '127.0.0.1:8787', origin: 'null' }))?.status).toBe(403);
  });

  it('follows the port once the server knows it', () => {
    let port = 0;
    const guard = createHostGuard(() => port);
    port = 4000;
    expect(guard(request({ host: '127.0.0.1:4000' }))).toBeNull();
  });
});
