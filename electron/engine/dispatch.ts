import { z } from 'zod';
import {
  events, isEventName, isRequestName, requests,
  type EventName, type EventOf, type RequestName, type ResponseOf, type WireResult,
} from '../../shared/ipc/contract';

export type RequestPayload<K extends RequestName> = z.output<(typeof requests)[K]['request']>;
export type Handlers = {
  [K in RequestName]: (payload: RequestPayload<K>) => Promise<ResponseOf<K>> | ResponseOf<K>;
};

/**
 * The single choke point every request passes, from Electron IPC and from the browser host
 * alike: unknown names and invalid payloads are refused before a handler runs, and a handler's
 * answer is checked against the contract before it leaves.
 */
export function createDispatcher(handlers: Handlers, onError?: (name: string, error: unknown) => void) {
  return async function dispatch(name: unknown, payload: unknown): Promise<WireResult> {
    if (!isRequestName(name)) {
      return { ok: false, error: { code: 'unknown_request', message: `Unknown request ${JSON.stringify(String(name)).slice(0, 120)}` } };
    }
    const spec = requests[name];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      return { ok: false, error: { code: 'invalid_request', message: `${name}: ${z.prettifyError(parsed.error)}` } };
    }
    let value: unknown;
    try {
      value = await (handlers[name] as (p: unknown) => unknown)(parsed.data);
    } catch (error) {
      onError?.(name, error);
      return { ok: false, error: { code: 'engine_error', message: error instanceof Error ? error.message : String(error) } };
    }
    const checked = spec.response.safeParse(value);
    if (!checked.success) {
      onError?.(name, checked.error);
      return { ok: false, error: { code: 'invalid_response', message: `${name}: the engine produced an answer outside the contract` } };
    }
    return { ok: true, value: checked.data };
  };
}
export type Dispatch = ReturnType<typeof createDispatcher>;

export type EventListener = (name: EventName, payload: unknown) => void;

/** Engine-to-UI events, validated once here so every host forwards only contract shapes. */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: EventOf<K>): void {
    if (!isEventName(name)) throw new Error(`Unknown event ${String(name)}`);
    const parsed = events[name].parse(payload);
    for (const listener of this.listeners) listener(name, parsed);
  }
}
