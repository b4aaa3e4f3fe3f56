import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contentTypes, uiSecurityHeaders } from '../core/gateway/static-ui';
import { rendererHost, rendererScheme } from './renderer-origin';

/**
 * The privileges app:// needs: `standard` gives it a real origin (so CSP 'self' and IPC sender
 * checks work), `secure` makes it a secure context. Nothing else (no CORS bypass, no service workers).
 */
export const rendererSchemePrivileges = {
  scheme: rendererScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

/** Response headers for every renderer file: the same strict CSP the headless server sends. */
export function rendererResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    ...uiSecurityHeaders,
  };
}

/**
 * Maps an app://switchboard/… URL to a file inside `rootDir`. Null for another host or scheme and
 * for paths that would leave `rootDir` (`..`, encoded separators).
 */
export function resolveRendererFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${rendererScheme}:` || url.host !== rendererHost) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, '.' + (pathname === '/' ? '/index.html' : pathname));
  return file.startsWith(root + path.sep) ? file : null;
}

/** The `protocol.handle('app', …)` handler: reads the built renderer from `rootDir`, GET only. */
export function createRendererProtocolHandler(rootDir: string, read: (file: string) => Promise<Buffer> = readFile) {
  return async (request: { url: string; method: string }): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: uiSecurityHeaders });
    }
    const file = resolveRendererFile(rootDir, request.url);
    if (!file) return new Response('Not found', { status: 404, headers: uiSecurityHeaders });
    try {
      const body = await read(file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: rendererResponseHeaders(file) });
    } catch {
      return new Response('Not found', { status: 404, headers: uiSecurityHeaders });
    }
  };
}
