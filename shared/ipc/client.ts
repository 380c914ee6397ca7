import { z } from 'zod';
import {
  WireResult, eventListenerName, events, requests,
  type EventName, type EventOf, type ParallaxBridge, type RequestName, type RequestOf, type ResponseOf, type WireError,
} from './contract';

export class EngineError extends Error {
  constructor(readonly code: WireError['code'], message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export type ParallaxClient = {
  request<K extends RequestName>(name: K, payload: RequestOf<K>): Promise<ResponseOf<K>>;
  on<K extends EventName>(name: K, listener: (payload: EventOf<K>) => void): () => void;
};

/**
 * Typed calls over whichever bridge the page has. The UI never learns whether the bridge is
 * Electron's preload or the browser host's WebSocket; it only sees validated values or an
 * EngineError.
 */
export function createClient(bridge: ParallaxBridge, onDropped?: (event: EventName, reason: string) => void): ParallaxClient {
  return {
    async request(name, payload) {
      const outgoing = requests[name].request.safeParse(payload);
      if (!outgoing.success) throw new EngineError('invalid_request', `${name}: ${z.prettifyError(outgoing.error)}`);
      const call = bridge[name] as (p: unknown) => Promise<unknown>;
      const result = WireResult.safeParse(await call(outgoing.data));
      if (!result.success) throw new EngineError('invalid_response', `${name}: the engine answered with a malformed result`);
      if (!result.data.ok) throw new EngineError(result.data.error.code, result.data.error.message);
      const value = requests[name].response.safeParse(result.data.value);
      if (!value.success) throw new EngineError('invalid_response', `${name}: ${z.prettifyError(value.error)}`);
      return value.data as ResponseOf<typeof name>;
    },
    on(name, listener) {
      const subscribe = bridge[eventListenerName(name)] as (l: (p: unknown) => void) => () => void;
      return subscribe((payload) => {
        const parsed = events[name].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventOf<typeof name>);
        else onDropped?.(name, z.prettifyError(parsed.error));
      });
    },
  };
}
