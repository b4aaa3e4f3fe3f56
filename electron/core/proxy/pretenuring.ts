import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for the process that serves the proxy.
 *
 * Once most objects made by one object literal have survived a young collection, V8 allocates that
 * literal's later objects straight into the old generation. The proxy's per-request literals (an
 * attempt, a pump's context, a body reader) qualify as soon as requests overlap collections, and
 * from then on each is born old: it dies within milliseconds, yet only a full collection frees it,
 * and until then it keeps whatever it points to (the exchange, the request and response, their
 * buffers) alive through every young collection, which promotes all of it. On the benchmark's JSON
 * load that was 3.3 MB promoted per scavenge (6–8 ms each) against 0.5 MB (about 2 ms) without.
 *
 * A flag changed at run time applies to the decisions V8 makes after it, so it is set before the
 * gateway serves; the cost elsewhere is that a bulk of long-lived objects (a large report) is
 * copied once through the young generation instead of being placed old at once.
 */
export function stopPretenuring(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
