/**
 * Where the renderer lives and how to recognise it. The packaged renderer is served from the
 * custom scheme `app://switchboard/…` (the security checklist: prefer a custom protocol to
 * file://); in development electron-vite's dev server serves it over http://localhost.
 */
export const rendererScheme = 'app';
export const rendererHost = 'switchboard';
export const packagedRendererUrl = `${rendererScheme}://${rendererHost}/index.html`;

/** The dev server URL when electron-vite runs one, else the packaged app:// entry. */
export function rendererEntryUrl(env: NodeJS.ProcessEnv = process.env): string {
  const devUrl = env.ELECTRON_RENDERER_URL;
  if (devUrl && isLoopbackHttpUrl(devUrl)) return devUrl;
  return packagedRendererUrl;
}

/**
 * True when `url` belongs to the renderer at `rendererUrl`: same scheme and host (and, for file://,
 * the same file). Compared field by field because URL.origin is "null" for custom schemes, which
 * would make every app:// and file:// URL look alike.
 */
export function isRendererUrl(url: string | undefined | null, rendererUrl: string): boolean {
  if (!url) return false;
  const actual = parseUrl(url);
  const expected = parseUrl(rendererUrl);
  if (!actual || !expected) return false;
  if (actual.protocol !== expected.protocol || actual.host !== expected.host) return false;
  if (actual.username || actual.password) return false;
  return expected.protocol !== 'file:' || actual.pathname === expected.pathname;
}

export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function isLoopbackHttpUrl(text: string): boolean {
  const url = parseUrl(text);
  return !!url && url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
