import type { Session } from 'electron';
import { uiSecurityHeaders } from '../core/gateway/static-ui';
import { isRendererUrl, parseUrl } from './renderer-origin';

/** The renderer's policy: the one the headless server sends with the admin UI, so both match. */
export const rendererCsp = uiSecurityHeaders['content-security-policy']!;

/**
 * The development server needs two relaxations and gets no more: Vite's inline React-refresh
 * preamble and its hot-reload websocket on the same host.
 */
export function devServerCsp(devServerUrl: string): string {
  const url = parseUrl(devServerUrl);
  const socket = url ? `ws://${url.host}` : "'self'";
  return rendererCsp
    .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    .replace("connect-src 'self'", `connect-src 'self' ${socket}`);
}

/** The CSP to add to a response, or null for responses that are not the dev-served renderer. */
export function cspForDevResponse(responseUrl: string, devServerUrl: string): string | null {
  return isRendererUrl(responseUrl, devServerUrl) ? devServerCsp(devServerUrl) : null;
}

/** In development only: add the CSP header to the dev server's responses (app:// sets its own). */
export function applyDevServerCsp(session: Pick<Session, 'webRequest'>, devServerUrl: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const csp = cspForDevResponse(details.url, devServerUrl);
    if (!csp) return callback({});
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}
