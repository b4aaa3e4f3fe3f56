import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uiSecurityHeaders } from '../../../electron/core/gateway/static-ui';
import { cspForDevResponse, devServerCsp, rendererCsp } from '../../../electron/main/renderer-csp';
import { isRendererUrl, packagedRendererUrl, rendererEntryUrl } from '../../../electron/main/renderer-origin';
import { createRendererProtocolHandler, resolveRendererFile } from '../../../electron/main/renderer-protocol';
import { secureWindowOptions } from '../../../electron/main/window-options';
import { makeTempDir } from '../../support/temp-dir';

describe('the app window options', () => {
  it('isolate the page, sandbox it and keep Node out of it', () => {
    const prefs = secureWindowOptions('/app/out/preload/index.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs).not.toHaveProperty('nodeIntegrationInSubFrames', true);
    expect(prefs).not.toHaveProperty('experimentalFeatures', true);
  });

  it('start hidden so the page never flashes before it is ready', () => {
    expect(secureWindowOptions('/p').show).toBe(false);
  });
});

describe('the renderer content security policy', () => {
  const directives = (csp: string) =>
    new Map(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name!, values] as const;
      }),
    );

  it('allows scripts and connections from the app itself only, no eval, no inline script, no plugins', () => {
    const csp = directives(rendererCsp);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(rendererCsp).not.toContain('unsafe-eval');
  });

  it('is the same policy the headless server sends with the admin UI', () => {
    expect(rendererCsp).toBe(uiSecurityHeaders['content-security-policy']);
  });

  it('relaxes only inline scripts and the hot-reload socket for the dev server, only on its own pages', () => {
    const dev = directives(devServerCsp('http://localhost:5173'));
    expect(dev.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(dev.get('default-src')).toEqual(["'self'"]);
    expect(cspForDevResponse('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).not.toBeNull();
    expect(cspForDevResponse('https://example.com/', 'http://localhost:5173')).toBeNull();
    expect(cspForDevResponse('http://localhost:5174/', 'http://localhost:5173')).toBeNull();
  });
});

describe('the renderer origin', () => {
  it('is the app:// page unless a loopback dev server is given', () => {
    expect(rendererEntryUrl({})).toBe('app://switchboard/index.html');
    expect(rendererEntryUrl({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBe('http://localhost:5173');
    expect(rendererEntryUrl({ ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBe(packagedRendererUrl);
    expect(rendererEntryUrl({ ELECTRON_RENDERER_URL: 'http://attacker.test:5173' })).toBe(packagedRendererUrl);
  });

  it('compares scheme and host field by field, since custom schemes have a "null" origin', () => {
    expect(isRendererUrl('app://switchboard/assets/x.js', packagedRendererUrl)).toBe(true);
    expect(isRendererUrl('app://switchboard', packagedRendererUrl)).toBe(true);
    expect(isRendererUrl('app://other/index.html', packagedRendererUrl)).toBe(false);
    expect(isRendererUrl('evil://switchboard/index.html', packagedRendererUrl)).toBe(false);
    expect(isRendererUrl('file:///app/index.html', packagedRendererUrl)).toBe(false);
    expect(isRendererUrl('app://user:pw@switchboard/', packagedRendererUrl)).toBe(false);
    expect(isRendererUrl('not a url', packagedRendererUrl)).toBe(false);
    expect(isRendererUrl(undefined, packagedRendererUrl)).toBe(false);
  });
});

describe('the app:// protocol handler', () => {
  let temp: ReturnType<typeof makeTempDir> | undefined;
  afterEach(() => temp?.cleanup());

  it('maps app://switchboard paths into the renderer folder and nothing outside it', () => {
    const root = '/srv/renderer';
    expect(resolveRendererFile(root, 'app://switchboard/index.html')).toBe(path.resolve(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://switchboard/')).toBe(path.resolve(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://switchboard/assets/a.js?v=1')).toBe(path.resolve(root, 'assets/a.js'));
    expect(resolveRendererFile(root, 'app://switchboard/../secrets')).toBe(path.resolve(root, 'secrets'));
    // The URL parser folds encoded dot segments itself; whatever comes out stays inside the root.
    expect(resolveRendererFile(root, 'app://switchboard/%2e%2e/%2e%2e/etc/passwd')).toBe(path.resolve(root, 'etc/passwd'));
    expect(resolveRendererFile(root, 'app://switchboard/..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(resolveRendererFile(root, 'app://switchboard/a%5c..%5c..%5cx')).toBeNull();
    expect(resolveRendererFile(root, 'app://switchboard/%E0%A4%A')).toBeNull();
    expect(resolveRendererFile(root, 'app://elsewhere/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'file:///srv/renderer/index.html')).toBeNull();
  });

  it('serves files with their content type and the strict CSP, 404 for missing files, 405 for writes', async () => {
    temp = makeTempDir();
    mkdirSync(path.join(temp.dir, 'assets'));
    writeFileSync(path.join(temp.dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(path.join(temp.dir, 'assets', 'app.js'), 'console.log(1)');
    const handle = createRendererProtocolHandler(temp.dir);

    const page = await handle({ url: 'app://switchboard/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(rendererCsp);
    expect(await page.text()).toContain('<title>x</title>');

    const script = await handle({ url: 'app://switchboard/assets/app.js', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');

    expect((await handle({ url: 'app://switchboard/missing.js', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://switchboard/assets', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://switchboard/%2e%2e/x', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://switchboard/index.html', method: 'POST' })).status).toBe(405);
  });
});
