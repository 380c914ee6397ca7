import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aboutIconPath, aboutPanelOptions } from './about';

const versions = { electron: '45.5.0', chrome: '142.0.7444.0', node: '22.20.0' };

describe('About panel', () => {
  it('names the app, its version and the Electron, Chromium and Node versions on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const options = aboutPanelOptions(platform, '0.1.0', versions, '/icon.png');
      const shown = [options.applicationVersion, options.credits].join(' ');
      expect(options.applicationName).toBe('MCP Parallax');
      for (const fragment of ['0.1.0', 'Electron 45.5.0', 'Chromium 142.0.7444.0', 'Node 22.20.0']) expect(shown, platform).toContain(fragment);
    }
  });

  it('puts the runtime versions where each platform shows them', () => {
    expect(aboutPanelOptions('darwin', '0.1.0', versions).credits).toContain('Electron 45.5.0');
    expect(aboutPanelOptions('linux', '0.1.0', versions).applicationVersion).toContain('Electron 45.5.0');
    expect(aboutPanelOptions('linux', '0.1.0', versions, '/i.png').iconPath).toBe('/i.png');
    expect(aboutPanelOptions('darwin', '0.1.0', versions, '/i.png').iconPath).toBeUndefined();
  });

  it('reads the icon from resources when packaged and from build/ in a dev run', () => {
    expect(aboutIconPath(true, '/opt/p/resources', '/opt/p/resources/app.asar')).toBe(path.join('/opt/p/resources', 'about-icon.png'));
    expect(aboutIconPath(false, '/x', '/repo')).toBe(path.join('/repo', 'build', 'icons', 'png', '64x64.png'));
  });
});
