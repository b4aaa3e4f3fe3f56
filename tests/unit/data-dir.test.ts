import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../electron/core/config/data-dir';

describe('the data directory', () => {
  it('honours SWITCHBOARD_DATA_DIR', () => {
    expect(defaultDataDir({ SWITCHBOARD_DATA_DIR: '/srv/sb' }, 'linux', '/home/a')).toBe('/srv/sb');
  });
  it('uses the OS app-data folder', () => {
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Switchboard');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/Switchboard');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Switchboard');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toContain('Switchboard');
  });
});
