import type { Session } from 'electron';
import { isRendererUrl } from './renderer-origin';

/**
 * The only web permission the renderer gets: writing to the clipboard (copy the agent endpoint or
 * a new token), and only from our own page. Camera, microphone, geolocation, notifications,
 * HID, serial, … are all refused.
 */
const allowedForRenderer = new Set(['clipboard-sanitized-write']);

export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, rendererUrl: string): boolean {
  return allowedForRenderer.has(permission) && isRendererUrl(requestingUrl, rendererUrl);
}

/** Installs request and check handlers (both are needed: most APIs check first, then request). */
export function restrictPermissions(
  session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>,
  rendererUrl: string,
): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, rendererUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, rendererUrl),
  );
  session.setDevicePermissionHandler(() => false);
}
