import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { eventChannel, requestChannel, requestNames, type RequestName, type WireResult } from '../../shared/ipc/contract';
import type { Engine } from '../engine/engine';
import { isAppUrl } from './window-options';

/** A request counts only from our own top-level page: not a sub-frame, not a navigated-away page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

/**
 * The single registration point for every request channel. Each handler refuses foreign
 * senders, then goes through the engine's dispatcher, which validates payload and answer.
 */
export function handle(ipcMain: IpcMain, engine: Engine, name: RequestName): void {
  ipcMain.handle(requestChannel(name), async (event, payload: unknown): Promise<WireResult> => {
    if (!isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: `${name}: refused a request from ${event.senderFrame?.url ?? 'an unknown frame'}` } };
    }
    return engine.dispatch(name, payload);
  });
}

export function registerEngine(ipcMain: IpcMain, engine: Engine, target: () => WebContents | undefined): () => void {
  for (const name of requestNames) handle(ipcMain, engine, name);
  const unsubscribe = engine.events.subscribe((name, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of requestNames) ipcMain.removeHandler(requestChannel(name));
  };
}
