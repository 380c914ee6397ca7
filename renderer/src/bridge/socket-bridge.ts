import {
  eventListenerName, eventNames, requestNames,
  type EventName, type ParallaxBridge, type WireResult,
} from '../../../shared/ipc/contract';
import { HOST_SOCKET_PATH, HOST_TOKEN_PARAM, HostFrame, type ClientFrame } from '../../../shared/ipc/host-protocol';

export type SocketState = 'connecting' | 'open' | 'closed';

/**
 * The browser host's side of the contract: the same named functions preload exposes, carried
 * over one WebSocket. Requests in flight when the socket drops are answered with a
 * `disconnected` error; the socket reconnects with backoff.
 */
export function createSocketBridge(location: Pick<Location, 'host' | 'protocol' | 'hash'>, onState?: (state: SocketState) => void): ParallaxBridge {
  const token = new URLSearchParams(location.hash.replace(/^#/, '')).get(HOST_TOKEN_PARAM) ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${HOST_SOCKET_PATH}?${HOST_TOKEN_PARAM}=${encodeURIComponent(token)}`;
  const pending = new Map<number, (result: WireResult) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let backoff = 250;

  const connect = () => {
    onState?.('connecting');
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      backoff = 250;
      onState?.('open');
      for (const text of queue.splice(0)) socket.send(text);
    });
    socket.addEventListener('message', (message) => {
      let frame: HostFrame;
      try {
        frame = HostFrame.parse(JSON.parse(String(message.data)));
      } catch {
        console.warn('parallax: ignored a malformed frame from the host');
        return;
      }
      if (frame.type === 'response') {
        pending.get(frame.id)?.(frame.result);
        pending.delete(frame.id);
      } else {
        for (const listener of listeners.get(frame.name as EventName) ?? []) listener(frame.payload);
      }
    });
    socket.addEventListener('close', () => {
      onState?.('closed');
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'disconnected', message: 'The connection to the Parallax engine closed before it answered.' } });
        pending.delete(id);
      }
      setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 5000);
    });
  };
  connect();

  const bridge: Record<string, unknown> = {};
  for (const name of requestNames) {
    bridge[name] = (payload: unknown) => new Promise<WireResult>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      const frame: ClientFrame = { type: 'request', id, name, payload };
      const text = JSON.stringify(frame);
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    });
  }
  for (const name of eventNames) {
    bridge[eventListenerName(name)] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  return bridge as ParallaxBridge;
}
