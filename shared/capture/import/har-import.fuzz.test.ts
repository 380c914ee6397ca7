import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { awkwardText } from '../test-envelope-arbitrary';
import { importHar } from './har-import';
import { type ImportedCapture, ImportError } from './imported-capture';
import { expectSoundCapture } from './expect-sound-capture';
import { sniffTextFormat } from './sniff';

const SEED = 1912;
const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/** The import's outcome: the capture, or undefined for an ImportError with a reason; anything else thrown fails the property. */
function tryImport(text: string): ImportedCapture | undefined {
  try {
    return importHar(text, '/home/ada/exports/fuzz.har', START);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return undefined;
  }
}

const jsonRpc = fc.constantFrom(
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}',
  '{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}',
  '[{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","method":"notifications/initialized"}]',
  '{"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no"}}\n',
  '{"jsonrpc":"2.0","id":1,"result":{}',
  '{"jsonrpc":"1.0","id":1}',
);
const body = fc.oneof({ weight: 3, arbitrary: jsonRpc }, { weight: 1, arbitrary: awkwardText(30) }, { weight: 1, arbitrary: fc.json({ maxDepth: 2 }) });
const sseBody = fc.array(fc.tuple(fc.constantFrom('', 'event: message\n', 'event: other\n', 'id: 1\n'), jsonRpc, fc.constantFrom('\n\n', '\r\n\r\n', '\n', '')), { maxLength: 4 })
  .map((events) => events.map(([head, data, end]) => `${head}data: ${data.replace(/\n/g, '')}${end}`).join(''));
const url = fc.constantFrom('https://mcp.test/mcp', 'http://127.0.0.1:3000/sse', 'https://api.openai.com/v1/responses', 'wss://api.openai.com/v1/realtime?model=x', 'ws://localhost/ws', 'https://app.test/', 'not a url', '');
/** Matches the HAR schema's ISO 8601 pattern; some are dates no calendar has. */
const started = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 10_000 }).map((ms) => new Date(START + ms).toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom('2026-11-25T12:00Z', '2026-11-25T12:00:00+01:00', '2026-11-25T12:00:00.5-0800', '2026-13-45T25:61:00Z', '0000-00-00T00:00Z') },
);
const timing = fc.oneof({ weight: 2, arbitrary: fc.constant(-1) }, { weight: 8, arbitrary: fc.nat({ max: 1000 }) }, { weight: 1, arbitrary: fc.constantFrom(0.25, 1e308) });
const wsMessage = fc.record({
  type: fc.constantFrom('send', 'receive'),
  time: fc.oneof(fc.constantFrom(0, -1, START / 1000, START, 1e300), fc.double({ noNaN: true, noDefaultInfinity: true })),
  opcode: fc.constantFrom(1, 1, 2, 8, 9, 10),
  data: fc.oneof(jsonRpc, fc.base64String({ maxLength: 12 }), awkwardText(10)),
});

const entry = fc.record({
  started, url,
  method: fc.constantFrom('POST', 'GET', ''),
  body: fc.option(body, { nil: undefined }),
  params: fc.option(fc.array(fc.record({ name: awkwardText(5), value: fc.option(awkwardText(5), { nil: undefined }) }, { requiredKeys: ['name'] }), { maxLength: 2 }), { nil: undefined }),
  status: fc.constantFrom(200, 200, 0, 101, 500),
  mime: fc.constantFrom('application/json', 'text/event-stream', 'text/event-stream; charset=utf-8', 'text/html', '', 'x-unknown'),
  response: fc.oneof(body, sseBody, fc.base64String({ maxLength: 40 }), fc.constant('not base64!')),
  base64: fc.boolean(),
  session: fc.option(awkwardText(6), { nil: undefined }),
  upgrade: fc.boolean(),
  timings: fc.tuple(timing, timing, timing, timing),
  exactTime: fc.boolean(),
  ws: fc.option(fc.array(wsMessage, { maxLength: 5 }), { nil: undefined }),
  sseTimes: fc.option(fc.array(fc.oneof(fc.constant(null), fc.record({ time: fc.oneof(fc.double(), fc.constant('x')) })), { maxLength: 4 }), { nil: undefined }),
  failure: fc.option(fc.constantFrom('net::ERR_FAILED', '', 7), { nil: undefined }),
}, { requiredKeys: ['started', 'url', 'method', 'status', 'mime', 'response', 'base64', 'upgrade', 'timings', 'exactTime'] }).map((e) => {
  const [blocked, send, wait, receive] = e.timings;
  const time = [blocked, send, wait, receive].reduce((sum, n) => sum + (n < 0 ? 0 : n), 0);
  const responseText = e.base64 && !e.response.startsWith('{') ? e.response : e.base64 ? btoa(unescape(encodeURIComponent(e.response))) : e.response;
  return {
    startedDateTime: e.started, time: e.exactTime && Number.isFinite(time) ? time : 12,
    request: {
      method: e.method, url: e.url, httpVersion: 'HTTP/1.1', cookies: [], queryString: [],
      headers: [...(e.session === undefined ? [] : [{ name: 'Mcp-Session-Id', value: e.session }]), ...(e.upgrade ? [{ name: 'Upgrade', value: 'websocket' }] : [])],
      ...(e.body !== undefined ? { postData: { mimeType: 'application/json', text: e.body } } : e.params ? { postData: { mimeType: 'application/x-www-form-urlencoded', params: e.params } } : {}),
      headersSize: -1, bodySize: -1,
    },
    response: {
      status: e.status, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], redirectURL: '', headersSize: -1, bodySize: -1,
      content: { size: -1, mimeType: e.mime, text: responseText, ...(e.base64 ? { encoding: 'base64' } : {}) },
      ...(e.failure !== undefined ? { _failureText: e.failure } : {}),
    },
    cache: {}, timings: { blocked, dns: -1, connect: -1, send, wait, receive },
    ...(e.ws !== undefined ? { _webSocketMessages: e.ws } : {}),
    ...(e.sseTimes !== undefined ? { _sseEvents: e.sseTimes } : {}),
  };
});
const harValue = fc.array(entry, { minLength: 1, maxLength: 5 }).map((entries) => ({ log: { version: '1.2', creator: { name: 'fuzz', version: '1' }, entries } }));

/** Every path to a member of a JSON value, to damage one. */
function paths(value: unknown, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}
const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1.5, 1e308, '', 'x', [], {}, [1], '2026-99-99T99:99Z', 'websocket', 'base64', 'text/event-stream'),
  fc.jsonValue({ maxDepth: 2 }),
);
const damage = fc.record({ at: fc.nat(), action: fc.constantFrom('set', 'delete'), value: edgeValue });

function damaged(value: unknown, damages: readonly { at: number; action: string; value: unknown }[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const d of damages) {
    const all = paths(copy).filter((p) => p.length > 0);
    const path = all[d.at % all.length];
    if (!path) continue;
    let parent = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (d.action === 'delete' && !Array.isArray(parent)) Reflect.deleteProperty(parent, key);
    else parent[key] = d.value;
  }
  return copy;
}

describe('HAR import under fuzzing', () => {
  it('converts any generated HAR, or refuses it with an ImportError; what converts is a sound capture', () => {
    let converted = 0;
    fc.assert(fc.property(harValue, (har) => {
      const text = JSON.stringify(har);
      expect(sniffTextFormat('anything.json', text)).toBe('har');
      const imported = tryImport(text);
      if (!imported) return;
      converted++;
      expectSoundCapture(imported);
    }), { seed: SEED, numRuns: 250 });
    expect(converted).toBeGreaterThan(100);
  });

  it('survives damage to any member of a HAR: an ImportError or a sound capture', () => {
    fc.assert(fc.property(harValue, fc.array(damage, { minLength: 1, maxLength: 3 }), (har, damages) => {
      const imported = tryImport(JSON.stringify(damaged(har, damages)));
      if (imported) expectSoundCapture(imported);
    }), { seed: SEED + 1, numRuns: 250 });
  });

  it('survives any text, cut HARs and bytes that are not text', () => {
    const text = fc.oneof(
      awkwardText(60),
      fc.json({ maxDepth: 3 }),
      fc.uint8Array({ maxLength: 60 }).map((bytes) => new TextDecoder().decode(bytes)),
      fc.tuple(harValue, fc.double({ min: 0, max: 1, noNaN: true })).map(([har, keep]) => {
        const json = JSON.stringify(har);
        return json.slice(0, Math.floor(json.length * keep));
      }),
      fc.constantFrom('', '\uFEFF', '{"log":null}', '{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[]}}', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
    );
    fc.assert(fc.property(text, (t) => {
      sniffTextFormat('fuzz.har', t);
      const imported = tryImport(t);
      if (imported) expectSoundCapture(imported);
    }), { seed: SEED + 2, numRuns: 300 });
  });
});
