import { describe, expect, it } from 'vitest';
import { assertAllowedResolvedAddress, assertAllowedUpstreamUrl } from '../../electron/core/net/forbidden-address';

describe('upstream address rules', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data',
    'http://2852039166/',
    'http://0xa9fea9fe/',
    'http://0251.0376.0251.0376/',
    'http://169.254.1/',
    'http://[::ffff:169.254.169.254]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://[fd00:ec2::254]/',
    'http://[fe80::1]/',
    'http://[64:ff9b::a9fe:a9fe]/',
    'http://0.0.0.0:11434/',
    'http://metadata.google.internal/',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    expect(() => assertAllowedUpstreamUrl(url)).toThrow(/baseUrl/);
  });

  it.each([
    'http://127.0.0.1:11434',
    'http://localhost:8000/v1',
    'http://10.1.2.3',
    'http://192.168.1.20:8080',
    'http://[::1]:11434',
    'https://api.openai.com/v1',
    'https://example.internal',
  ])('allows %s (public, private and loopback hosts)', (url) => {
    expect(() => assertAllowedUpstreamUrl(url)).not.toThrow();
  });

  it('refuses a name that resolved to a link-local address', () => {
    expect(() => assertAllowedResolvedAddress('169.254.169.254', 'evil.example')).toThrow(/link-local/);
    expect(() => assertAllowedResolvedAddress('::ffff:169.254.169.254', 'evil.example')).toThrow(/link-local/);
    expect(() => assertAllowedResolvedAddress('127.0.0.1', 'localhost')).not.toThrow();
  });
});
