import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError, invalidInput } from '../../../shared/errors';

/**
 * Addresses an upstream may never be: link-local (169.254.0.0/16, fe80::/10, where cloud metadata
 * services live, e.g. 169.254.169.254 and AWS's fd00:ec2::254), "this network" and multicast.
 * Loopback and private ranges stay allowed, because self-hosted models (Ollama, vLLM) live there.
 */
const forbiddenV4 = ['linkLocal', 'unspecified', 'broadcast', 'multicast', 'reserved'];
const forbiddenV6 = ['linkLocal', 'unspecified', 'multicast', 'reserved'];
const metadataV6 = ipaddr.parse('fd00:ec2::254');

/** Parses any spelling of an IP address (decimal `2852039166`, hex `0xa9fea9fe`, octal, IPv4-mapped IPv6); null when not an address. */
export function parseAnyAddress(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const withoutZone = bare.split('%')[0]!;
  try {
    if (ipaddr.IPv6.isValid(withoutZone)) return ipaddr.IPv6.parse(withoutZone);
    // ipaddr's IPv4 parser accepts the legacy forms browsers and libc accept: 0xA9FEA9FE, 2852039166, 0251.0376.0251.0376.
    if (ipaddr.IPv4.isValid(withoutZone)) return ipaddr.IPv4.parse(withoutZone);
  } catch {
    return null;
  }
  return null;
}

/** True for an address no upstream may use. IPv4-mapped and NAT64-embedded IPv4 addresses are judged as IPv4. */
export function isForbiddenAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (address.kind() === 'ipv6') {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return isForbiddenAddress(v6.toIPv4Address());
    const range = v6.range();
    if (range === 'rfc6052' || range === 'rfc6145' || range === '6to4' || range === 'teredo') {
      const bytes = v6.toByteArray();
      return isForbiddenAddress(ipaddr.fromByteArray(bytes.slice(12)));
    }
    if (v6.toNormalizedString() === metadataV6.toNormalizedString()) return true;
    return forbiddenV6.includes(range);
  }
  return forbiddenV4.includes(address.range());
}

/**
 * Checks a URL's host when it is an IP literal in any spelling (names are checked after DNS, at
 * connect). Throws a 400 naming the rule, so it can be used at save time and before connecting.
 */
export function assertAllowedUpstreamUrl(url: string | URL): void {
  const parsed = typeof url === 'string' ? safeUrl(url) : url;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw invalidInput([{ path: 'baseUrl', message: 'must be an http(s) URL' }]);
  }
  const host = parsed.hostname;
  const address = parseAnyAddress(host);
  if (address && isForbiddenAddress(address)) throw forbidden(host);
  const lower = host.toLowerCase().replace(/\.$/, '');
  if (lower === 'metadata.google.internal' || lower === 'metadata' || lower === 'instance-data') throw forbidden(host);
}

/** Throws when a resolved address (from DNS, at connect) is forbidden. */
export function assertAllowedResolvedAddress(address: string, host: string): void {
  if (!isIP(address)) return;
  const parsed = parseAnyAddress(address);
  if (parsed && isForbiddenAddress(parsed)) throw forbidden(host);
}

function forbidden(host: string): AppError {
  return invalidInput([
    {
      path: 'baseUrl',
      message: `host ${host.slice(0, 100)} is a link-local or metadata address; upstreams may be public, private or loopback hosts only`,
    },
  ]);
}

function safeUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
