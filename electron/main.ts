import { app, BrowserWindow, ipcMain, Menu, screen, shell } from 'electron';
import path from 'node:path';
import { createEngine } from './engine/engine';
import { createSecretStore } from './engine/secrets';
import { aboutIconPath, aboutPanelOptions } from './shell/about';
import { electronDialogs } from './shell/dialogs';
import { buildMenuTemplate } from './shell/menu';
import { hardenWebContents } from './shell/harden';
import { registerEngine } from './shell/ipc';
import { capturePathFrom, createOpenQueue } from './shell/open-requests';
import { registerAppScheme, serveRenderer } from './shell/protocol';
import { safeStorageVault } from './shell/safe-storage-vault';
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
    dataDir: app.getPath('userData'),
    dialogs: electronDialogs(() => window),
    electronVersions: { electron: process.versions.electron, chrome: process.versions.chrome },
    secrets: createSecretStore(process.env, safeStorageVault(app.getPath('userData'))),
    anthropicSecrets: createSecretStore(process.env, safeStorageVault(app.getPath('userData'), 'anthropic'), 'anthropic'),
  });

  const opens = createOpenQueue((file) => engine.events.emit('menuCommand', { command: 'openCapture', path: file }));
  let creatingWindow: Promise<void> | undefined;
  const ensureWindow = () => {
    if (window || creatingWindow || !app.isReady()) return;
    creatingWindow = createWindow().finally(() => { creatingWindow = undefined; });
  };
  opens.open(capturePathFrom(process.argv)); // launched by a file association or `mcp-parallax file.parallax`

  app.on('second-instance', (_event, argv) => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
    opens.open(capturePathFrom(argv));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    opens.open(file);
    ensureWindow(); // macOS: the app may be running with every window closed
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
    window.on('closed', () => {
      window = undefined;
      opens.hold();
    });
    await window.loadURL(RENDERER_ENTRY);
    opens.ready();
  };

  void app.whenReady().then(() => {
    serveRenderer(path.join(import.meta.dirname, '..', 'renderer'));
    registerEngine(ipcMain, engine, () => window?.webContents);
    const versions = { electron: process.versions.electron, chrome: process.versions.chrome, node: process.versions.node };
    app.setAboutPanelOptions(aboutPanelOptions(process.platform, app.getVersion(), versions, aboutIconPath(app.isPackaged, process.resourcesPath, app.getAppPath())));
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform, {
      command: (command) => (command === 'showAbout' ? app.showAboutPanel() : engine.events.emit('menuCommand', { command })),
      openDocs: () => void shell.openExternal('https://github.com/mcp-parallax/mcp-parallax#readme'),
      openIssues: () => void shell.openExternal('https://github.com/mcp-parallax/mcp-parallax/issues'),
    })));
    ensureWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) ensureWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => void engine.dispose());
}
