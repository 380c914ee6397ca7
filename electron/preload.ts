import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { eventChannel, eventListenerName, eventNames, requestChannel, requestNames } from '../shared/ipc/contract';

// One named function per contract request and one `on<Event>` per event, each bound to its own
// channel at build time: the page can never name a channel itself.
const api: Record<string, unknown> = {};
for (const name of requestNames) {
  api[name] = (payload: unknown) => ipcRenderer.invoke(requestChannel(name), payload);
}
for (const name of eventNames) {
  api[eventListenerName(name)] = (listener: (payload: unknown) => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(name), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(name), wrapped);
  };
}
// Dropped files: Electron no longer exposes File.path, so preload asks webUtils for it.
api.pathForFile = (file: unknown) => (file instanceof File ? webUtils.getPathForFile(file) : '');
contextBridge.exposeInMainWorld('parallax', Object.freeze(api));
