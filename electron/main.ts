import { app, BrowserWindow, ipcMain, Menu, screen, shell } from 'electron';
import path from 'node:path';
import { createEngine } from './engine/engine';
import { buildMenuTemplate } from './shell/menu';
import { hardenWebContents } from './shell/harden';
import { registerEngine } from './shell/ipc';
import { registerAppScheme, serveRenderer } from './shell/protocol';
import { mainWindowOptions, RENDERER_ENTRY } from './shell/window-options';
import { fitToDisplays, loadWindowState, saveWindowState, type WindowState } from './shell/window-state';

// Thin shell: lifecycle, one window, menu. Everything else lives in the engine.
registerAppScheme();
hardenWebContents(app, (url) => shell.openExternal(url));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let window: BrowserWindow | undefined;
  const engine = createEngine({
    host: 'electron',
    appVersion: app.getVersion(),
    electronVersions: { electron: process.versions.electron, chrome: process.versions.chrome },
  });

  const capturePathFrom = (argv: string[]) => argv.slice(1).find((arg) => /\.parallax(\.gz)?$|\.zip$/i.test(arg));
  const openFromOs = (file: string | undefined) => {
    if (file) engine.events.emit('menuCommand', { command: 'openCapture', path: file });
  };

  app.on('second-instance', (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    openFromOs(capturePathFrom(argv));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openFromOs(file);
  });

  const createWindow = async () => {
    const stateDir = app.getPath('userData');
    const saved = fitToDisplays(await loadWindowState(stateDir), screen.getAllDisplays().map((d) => d.workArea));
    window = new BrowserWindow(mainWindowOptions(path.join(import.meta.dirname, 'preload.cjs'), saved));
    if (saved.maximized) window.maximize();
    window.once('ready-to-show', () => window?.show());
    const remember = () => {
      if (!window || window.isDestroyed()) return;
      const bounds = window.getNormalBounds();
      const state: WindowState = { ...bounds, maximized: window.isMaximized() };
      void saveWindowState(stateDir, state).catch(() => undefined);
    };
    window.on('close', remember);
    window.on('closed', () => { window = undefined; });
    await window.loadURL(RENDERER_ENTRY);
    openFromOs(capturePathFrom(process.argv));
  };

  void app.whenReady().then(async () => {
    serveRenderer(path.join(import.meta.dirname, '..', 'renderer'));
    registerEngine(ipcMain, engine, () => window?.webContents);
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, {
      command: (command) => engine.events.emit('menuCommand', { command }),
      openDocs: () => void shell.openExternal('https://github.com/mcp-parallax/mcp-parallax#readme'),
      openIssues: () => void shell.openExternal('https://github.com/mcp-parallax/mcp-parallax/issues'),
    })));
    await createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void engine.dispose());
}
