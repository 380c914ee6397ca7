import { describe, expect, it } from 'vitest';
import { createClient, EngineError } from '../../shared/ipc/client';
import { eventListenerName, eventNames, requestNames, type ParallaxBridge } from '../../shared/ipc/contract';
import { createDispatcher, EventHub, type Handlers } from './dispatch';
import { createEngine } from './engine';

/** The in-process bridge tests use: the real dispatcher, no Electron and no socket in between. */
function bridgeTo(engine: ReturnType<typeof createEngine>): ParallaxBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of requestNames) bridge[name] = (payload: unknown) => engine.dispatch(name, payload);
  for (const name of eventNames) {
    bridge[eventListenerName(name)] = (listener: (p: unknown) => void) =>
      engine.events.subscribe((event, payload) => { if (event === name) listener(payload); });
  }
  return bridge as ParallaxBridge;
}

describe('dispatcher', () => {
  const engine = createEngine({ host: 'browser', appVersion: '9.9.9' });

  it('answers a known request with a value that satisfies the contract', async () => {
    const result = await engine.dispatch('getAppInfo', {});
    expect(result.ok).toBe(true);
    expect(result.ok && (result.value as { version: string }).version).toBe('9.9.9');
  });

  it('refuses unknown request names without running anything', async () => {
    expect(await engine.dispatch('constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    expect(await engine.dispatch('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    expect(await engine.dispatch(42, {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('refuses payloads outside the schema and names the field', async () => {
    const result = await engine.dispatch('ping', { text: 5 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(!result.ok && result.error.message).toContain('text');
    expect(await engine.dispatch('ping', { text: 'a', extra: true })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('turns a throwing handler into an engine_error and a handler answering outside the contract into invalid_response', async () => {
    const handlers = {
      getAppInfo: () => ({ wrong: true }),
      ping: () => { throw new Error('boom'); },
    } as unknown as Handlers;
    const seen: string[] = [];
    const dispatch = createDispatcher(handlers, (name) => seen.push(name));
    expect(await dispatch('ping', { text: 'x' })).toEqual({ ok: false, error: { code: 'engine_error', message: 'boom' } });
    expect(await dispatch('getAppInfo', {})).toMatchObject({ ok: false, error: { code: 'invalid_response' } });
    expect(seen).toEqual(['ping', 'getAppInfo']);
  });
});

describe('typed client over the real engine', () => {
  it('round-trips a request and counts it', async () => {
    const engine = createEngine({ host: 'browser', appVersion: '1.0.0' });
    const client = createClient(bridgeTo(engine));
    const first = await client.request('ping', { text: 'hello' });
    const second = await client.request('ping', { text: 'again' });
    expect(first.text).toBe('hello');
    expect(second.served).toBe(first.served + 1);
  });

  it('rejects an invalid payload before it leaves the page', async () => {
    const engine = createEngine({ host: 'browser', appVersion: '1.0.0' });
    const client = createClient(bridgeTo(engine));
    // @ts-expect-error deliberately wrong payload
    await expect(client.request('ping', { text: 1 })).rejects.toBeInstanceOf(EngineError);
    expect((await client.request('ping', { text: 'x' })).served).toBe(1);
  });

  it('delivers validated events and drops malformed ones', async () => {
    const engine = createEngine({ host: 'browser', appVersion: '1.0.0' });
    const dropped: string[] = [];
    const client = createClient(bridgeTo(engine), (name) => dropped.push(name));
    const got: string[] = [];
    const off = client.on('engineLog', (e) => got.push(e.message));
    engine.events.emit('engineLog', { level: 'info', message: 'hi', t: 1 });
    expect(() => engine.events.emit('engineLog', { level: 'loud', message: 'x', t: 1 } as never)).toThrow();
    off();
    engine.events.emit('engineLog', { level: 'info', message: 'after', t: 2 });
    expect(got).toEqual(['hi']);
    expect(dropped).toEqual([]);
  });
});

describe('EventHub', () => {
  it('refuses unknown event names', () => {
    const hub = new EventHub();
    expect(() => hub.emit('nope' as never, {} as never)).toThrow(/Unknown event/);
  });
});
