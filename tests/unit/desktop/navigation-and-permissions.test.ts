import { describe, expect, it } from 'vitest';
import { decideNavigation, externalHttpsUrl, guardNavigation } from '../../../electron/main/navigation-guard';
import { isPermissionAllowed, restrictPermissions } from '../../../electron/main/permissions';
import { packagedRendererUrl } from '../../../electron/main/renderer-origin';

/** A stand-in for the few webContents methods the guard uses, recording what it registers. */
function fakeContents() {
  const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  return {
    on(name: string, listener: (event: { preventDefault(): void }, url: string) => void) {
      listeners.set(name, listener);
      return this;
    },
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      openHandler = handler;
    },
    fire(name: string, url: string) {
      let prevented = false;
      listeners.get(name)!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler!({ url }),
  };
}

describe('navigation and new windows', () => {
  it('accept only clean https URLs for the external browser', () => {
    expect(externalHttpsUrl('https://docs.example.com/a?b=c#d')).toBe('https://docs.example.com/a?b=c#d');
    expect(externalHttpsUrl('HTTPS://Example.COM')).toBe('https://example.com/');
    expect(externalHttpsUrl('http://example.com/')).toBeNull();
    expect(externalHttpsUrl('file:///etc/passwd')).toBeNull();
    expect(externalHttpsUrl('javascript:alert(1)')).toBeNull();
    expect(externalHttpsUrl('smb://host/share')).toBeNull();
    expect(externalHttpsUrl('https://user:pass@example.com/')).toBeNull();
    expect(externalHttpsUrl('https://')).toBeNull();
    expect(externalHttpsUrl('not a url')).toBeNull();
  });

  it('never lets the window navigate, even to its own origin', () => {
    expect(decideNavigation('app://switchboard/index.html')).toEqual({ allow: false, openExternally: null });
    expect(decideNavigation('https://example.com/')).toEqual({ allow: false, openExternally: 'https://example.com/' });
  });

  it('prevents will-navigate, will-redirect and webviews, and denies window.open', () => {
    const contents = fakeContents();
    const opened: string[] = [];
    guardNavigation(contents as never, (url) => opened.push(url));

    expect(contents.fire('will-navigate', 'https://example.com/docs')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview', 'app://switchboard/')).toBe(true);
    expect(contents.open('https://example.com/help')).toEqual({ action: 'deny' });
    expect(contents.open('http://example.com/')).toEqual({ action: 'deny' });
    expect(contents.open('javascript:alert(1)')).toEqual({ action: 'deny' });

    expect(opened).toEqual(['https://example.com/docs', 'https://example.com/help']);
  });
});

describe('web permissions', () => {
  it('grant only clipboard writes, and only to the renderer', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://switchboard/index.html', packagedRendererUrl)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', packagedRendererUrl)).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'hid', 'serial', 'fullscreen']) {
      expect(isPermissionAllowed(permission, 'app://switchboard/index.html', packagedRendererUrl)).toBe(false);
    }
  });

  it('are wired as request, check and device handlers', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      setDevicePermissionHandler: (h: never) => (handlers.device = h),
    };
    restrictPermissions(session as never, packagedRendererUrl);

    const answers: boolean[] = [];
    const request = handlers.request as unknown as (c: null, p: string, cb: (ok: boolean) => void, d: { requestingUrl: string }) => void;
    request(null, 'media', (ok) => answers.push(ok), { requestingUrl: 'app://switchboard/index.html' });
    request(null, 'clipboard-sanitized-write', (ok) => answers.push(ok), { requestingUrl: 'app://switchboard/index.html' });
    expect(answers).toEqual([false, true]);

    const check = handlers.check as unknown as (c: null, p: string, origin: string) => boolean;
    expect(check(null, 'geolocation', 'app://switchboard')).toBe(false);
    expect(check(null, 'clipboard-sanitized-write', 'app://switchboard')).toBe(true);
    expect((handlers.device as unknown as () => boolean)()).toBe(false);
  });
});
