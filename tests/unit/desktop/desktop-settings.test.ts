import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../../electron/core/log';
import { readDesktopSettings, resolvePort, writeDesktopSettings } from '../../../electron/main/desktop-settings';
import { makeTempDir } from '../../support/temp-dir';

describe('desktop settings', () => {
  let temp: ReturnType<typeof makeTempDir>;
  afterEach(() => temp.cleanup());

  it('remember the chosen port across launches, in a file only the user can read', () => {
    temp = makeTempDir();
    const log = createMemoryLogger();
    expect(readDesktopSettings(temp.dir, log)).toEqual({});
    writeDesktopSettings(temp.dir, { port: 9123 }, log);
    expect(readDesktopSettings(temp.dir, log)).toEqual({ port: 9123 });
    const file = path.join(temp.dir, 'desktop-settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ port: 9123 });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o077).toBe(0);
  });

  it('fall back to defaults, with a warning, when the file is damaged or invalid', () => {
    temp = makeTempDir();
    const log = createMemoryLogger();
    writeFileSync(path.join(temp.dir, 'desktop-settings.json'), '{"port": "eighty"}');
    expect(readDesktopSettings(temp.dir, log)).toEqual({});
    writeFileSync(path.join(temp.dir, 'desktop-settings.json'), 'not json');
    expect(readDesktopSettings(temp.dir, log)).toEqual({});
    expect(log.lines.filter((line) => line.includes('desktop settings unreadable'))).toHaveLength(2);
    writeDesktopSettings(temp.dir, { port: 9000 }, log);
    expect(readDesktopSettings(temp.dir, log)).toEqual({ port: 9000 });
  });

  it('refuse to store an impossible port', () => {
    temp = makeTempDir();
    expect(() => writeDesktopSettings(temp.dir, { port: 70_000 }, createMemoryLogger())).toThrow();
  });

  it('let SWITCHBOARD_PORT win over the remembered port, which wins over the default', () => {
    temp = makeTempDir();
    expect(resolvePort({ SWITCHBOARD_PORT: '0' }, { port: 9000 }, 8787)).toBe(0);
    expect(resolvePort({ SWITCHBOARD_PORT: '9100' }, { port: 9000 }, 8787)).toBe(9100);
    expect(resolvePort({ SWITCHBOARD_PORT: 'abc' }, { port: 9000 }, 8787)).toBe(9000);
    expect(resolvePort({}, {}, 8787)).toBe(8787);
  });
});
