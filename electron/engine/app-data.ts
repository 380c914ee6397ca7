import os from 'node:os';
import path from 'node:path';

/**
 * Where the engine keeps small state (recent captures, live journals) when Electron does not
 * hand it `userData`: the CLI and the browser host use the platform's usual place.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PARALLAX_DATA_DIR) return env.PARALLAX_DATA_DIR;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'MCP Parallax');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'MCP Parallax');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'mcp-parallax');
}
