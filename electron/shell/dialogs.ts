import { dialog, type BrowserWindow } from 'electron';
import type { HostDialogs } from '../engine/engine';

const FILTERS = {
  capture: [
    { name: 'Parallax captures', extensions: ['parallax', 'gz'] }, { name: 'Bug-report bundles', extensions: ['zip'] },
    { name: 'HTTP Archives (imported)', extensions: ['har'] }, { name: 'JSON-RPC logs (imported)', extensions: ['jsonl', 'log'] },
  ],
  bundle: [{ name: 'Bug-report bundle', extensions: ['zip'] }],
  har: [{ name: 'HTTP Archive', extensions: ['har'] }],
};

/** Native Open and Save dialogs for the engine, attached to the app window when there is one. */
export function electronDialogs(window: () => BrowserWindow | undefined): HostDialogs {
  return {
    async chooseCaptureToOpen() {
      const options = { title: 'Open Capture', properties: ['openFile' as const], filters: FILTERS.capture };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths[0] ?? null;
    },
    async chooseSavePath(defaultName, kind) {
      const options = { title: kind === 'capture' ? 'Save Capture As' : kind === 'bundle' ? 'Export Bundle' : 'Export HAR', defaultPath: defaultName, filters: FILTERS[kind] };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : result.filePath ?? null;
    },
  };
}
