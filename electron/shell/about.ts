import type { AboutPanelOptionsOptions } from 'electron';
import path from 'node:path';

export interface RuntimeVersions { electron: string; chrome: string; node: string }

/**
 * The native About panel. macOS and Windows show `credits`, Linux's GTK dialog does not, so
 * there the runtime versions ride along in the version line: a bug report needs them everywhere.
 */
export function aboutPanelOptions(platform: NodeJS.Platform, appVersion: string, versions: RuntimeVersions, iconPath?: string): AboutPanelOptionsOptions {
  const runtime = `Electron ${versions.electron}, Chromium ${versions.chrome}, Node ${versions.node}`;
  const common: AboutPanelOptionsOptions = {
    applicationName: 'MCP Parallax',
    copyright: 'Copyright © 2026 MCP Parallax contributors',
  };
  if (platform === 'linux') {
    return { ...common, applicationVersion: `${appVersion} (${runtime})`, website: 'https://github.com/mcp-parallax/mcp-parallax', ...(iconPath ? { iconPath } : {}) };
  }
  // On macOS an empty `version` keeps the panel from repeating the bundle version in brackets.
  return { ...common, applicationVersion: appVersion, version: '', credits: runtime, ...(iconPath && platform === 'win32' ? { iconPath } : {}) };
}

/** Packaged builds carry the icon as an extra resource (outside the asar); a dev run reads it from build/. */
export function aboutIconPath(isPackaged: boolean, resourcesPath: string, appPath: string): string {
  return isPackaged ? path.join(resourcesPath, 'about-icon.png') : path.join(appPath, 'build', 'icons', 'png', '64x64.png');
}
