import type { MenuItemConstructorOptions } from 'electron';

export type MenuCommand = 'openCapture' | 'saveCaptureAs' | 'exportBundle' | 'showAbout' | 'showShortcuts';

export interface MenuActions {
  command(command: MenuCommand): void;
  openDocs(): void;
  openIssues(): void;
}

/**
 * The application menu, following each platform's conventions: on macOS the app menu holds
 * About/Hide/Quit and Window is a top-level menu; elsewhere File ends with Exit and About sits
 * under Help.
 */
export function buildMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'MCP Parallax',
      submenu: [
        { label: 'About MCP Parallax', click: () => actions.command('showAbout') },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: '&File',
    submenu: [
      { label: 'Open Capture…', accelerator: 'CmdOrCtrl+O', click: () => actions.command('openCapture') },
      { label: 'Save Capture As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.command('saveCaptureAs') },
      { label: 'Export Bundle…', accelerator: 'CmdOrCtrl+E', click: () => actions.command('exportBundle') },
      { type: 'separator' },
      isMac ? { role: 'close' } : { role: 'quit', label: 'E&xit' },
    ],
  });
  template.push({
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  });
  template.push({
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  });
  if (isMac) template.push({ role: 'windowMenu' });
  template.push({
    label: '&Help',
    role: 'help',
    submenu: [
      { label: 'Keyboard Shortcuts', accelerator: 'Shift+/', registerAccelerator: false, click: () => actions.command('showShortcuts') },
      { label: 'Documentation', click: () => actions.openDocs() },
      { label: 'Report an Issue', click: () => actions.openIssues() },
      ...(isMac ? [] : [{ type: 'separator' as const }, { label: '&About MCP Parallax', click: () => actions.command('showAbout') }]),
    ],
  });
  return template;
}
