import type { HandlerDetails, WebContents } from 'electron';
import { parseUrl } from './renderer-origin';

/**
 * The renderer is a single page: it never navigates and never opens windows. A link to an external
 * https page opens in the user's browser, and only after the URL parses cleanly.
 */
export interface NavigationDecision {
  /** Always false: the app window keeps showing the renderer. */
  allow: false;
  /** The normalised https URL to hand to the browser, or null to drop the request. */
  openExternally: string | null;
}

/** An https URL with a real host and no embedded credentials, normalised; null for anything else. */
export function externalHttpsUrl(text: string): string | null {
  const url = parseUrl(text);
  if (!url || url.protocol !== 'https:' || !url.hostname || url.username || url.password) return null;
  return url.href;
}

export function decideNavigation(url: string): NavigationDecision {
  return { allow: false, openExternally: externalHttpsUrl(url) };
}

/** Wires the decisions into a webContents: will-navigate, will-redirect, window.open, <webview>. */
export function guardNavigation(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => void): void {
  const deny = (event: { preventDefault(): void }, url: string) => {
    event.preventDefault();
    const { openExternally } = decideNavigation(url);
    if (openExternally) openExternal(openExternally);
  };
  contents.on('will-navigate', (event, url) => deny(event, url));
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }: HandlerDetails) => {
    const { openExternally } = decideNavigation(url);
    if (openExternally) openExternal(openExternally);
    return { action: 'deny' };
  });
}
