import os from 'node:os';
import path from 'node:path';

/** The OS app-data folder for Switchboard; SWITCHBOARD_DATA_DIR overrides it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()): string {
  if (env.SWITCHBOARD_DATA_DIR) return path.resolve(env.SWITCHBOARD_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Switchboard');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Switchboard');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Switchboard');
}
