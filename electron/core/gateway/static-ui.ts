import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

/** Content types of the files a built renderer bundle contains. */
export const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Headers for every UI response: a strict CSP, no framing, no referrer (the login URL carries a token). */
export const uiSecurityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Serves the built web bundle; unknown paths fall back to index.html for client-side routes. */
export function serveStaticUi(uiDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): void {
  const root = path.resolve(uiDir);
  let file = path.resolve(root, '.' + decodeURIComponent(pathname));
  if (!file.startsWith(root + path.sep) && file !== root) file = path.join(root, 'index.html');
  let stats = statOrNull(file);
  if (!stats || stats.isDirectory()) {
    file = path.join(root, 'index.html');
    stats = statOrNull(file);
  }
  if (!stats) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', ...uiSecurityHeaders });
    res.end('The admin UI is not built. Run `npm run build`.');
    return;
  }
  const immutable = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'content-length': stats.size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...uiSecurityHeaders,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
