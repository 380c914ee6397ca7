import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../shared/diagnosis/diagnose';
import { LimitHitMeta, type Limits } from '../../../shared/capture/limits';
import { MemorySink } from '../../capture/memory-sink';
import { runInspectorLane } from './inspector-lane';
import { parseServerTarget } from './server-target';
import { closeAfterEach } from './test-support/http-server';
import { hostileStdioServer, startHostileHttpServer, type HostileAnswer } from './test-support/hostile-server';

const serve = closeAfterEach();
const KiB = 1024;
const MiB = 1024 * KiB;
// Small limits so the test moves megabytes, not gigabytes; the bench runs the defaults against 1 GB.
const limits = { frameBytes: 256 * KiB, sseEventBytes: 256 * KiB, messageBytes: 2 * MiB };

async function probeHostile(answer: HostileAnswer, over: 'http' | 'stdio' = 'http', laneLimits: Partial<Limits> = limits) {
  const target = over === 'http'
    ? parseServerTarget((await serve(startHostileHttpServer(answer))).url)
    : parseServerTarget(hostileStdioServer(answer.kind, answer.kind === 'huge' ? String(answer.bytes) : answer.kind === 'deep' ? String(answer.depth) : ''));
  const sink = new MemorySink();
  // A timeout far beyond the test's own: the limit, not a timer, must end the step.
  const result = await runInspectorLane({ target, limits: laneLimits, requestTimeoutMs: 600_000, shutdownGraceMs: 500 }, sink);
  const hits = sink.envelopes.filter((e) => e.layer === 'meta' && e.raw.includes('limit-exceeded')).map((e) => ({ envelope: e, hit: LimitHitMeta.parse(JSON.parse(e.raw)) }));
  return { result, sink, hits };
}

describe('Inspector lane against a server that sends more than any client should hold', () => {
  it('stops a 40 MiB tools/list answer at messageBytes: the step fails naming the limit, the capture keeps head, tail and hash', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'huge', bytes: 40 * MiB });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe('list-failed');
    expect(result.error?.message).toMatch(/^tools\/list failed: the answer to POST http:\/\/127\.0\.0\.1:\d+\/mcp exceeded message-bytes \(2 MiB\) with 2\.\d MiB: stopped reading it; the request fails$/);

    const body = sink.envelopes.find((e) => e.layer === 'http' && e.http?.phase === 'body' && e.dir === 'in' && e.truncated);
    expect(body).toMatchObject({ incomplete: true, truncated: true });
    expect(body?.raw.startsWith('{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"huge"')).toBe(true);
    expect(body?.raw.length).toBeLessThanOrEqual(2 * 128 * KiB);
    expect(body?.clip?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // It stopped near the limit instead of reading all 40 MiB.
    expect(body?.size).toBeGreaterThan(2 * MiB);
    expect(body?.size).toBeLessThan(4 * MiB);

    expect(hits.map((h) => h.hit.limit).sort()).toEqual(['frameBytes', 'messageBytes']);
    expect(hits.every((h) => h.envelope.link?.carrier === body?.seq)).toBe(true);
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toMatch(new RegExp(`frame ${body?.seq} exceeded message-bytes \\(2 MiB\\)`));
    expect(finding?.detail).toMatch(/stopped reading an answer at message-bytes, so the request waiting for it failed/);
  });

  it('stops an SSE event that never ends at messageBytes, long before the request timeout', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'endless' });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/message-bytes \(2 MiB\)/);

    const event = sink.envelopes.find((e) => e.layer === 'sse' && e.truncated);
    expect(event).toMatchObject({ incomplete: true, truncated: true });
    expect(event?.raw.startsWith('event: message\ndata: {"jsonrpc":"2.0"')).toBe(true);
    expect(event?.size).toBeLessThan(4 * MiB);
    expect(hits.map((h) => h.hit.limit).sort()).toEqual(['messageBytes', 'sseEventBytes']);
    // The exchange ends in the capture with the limit's words, and the session still shut down.
    const ended = sink.envelopes.find((e) => e.http?.exchange === event?.http?.exchange && e.http?.phase === 'error');
    expect(ended?.raw).toMatch(/exceeded message-bytes/);
    expect(result.steps.at(-1)?.name).toBe('shutdown');
  });

  it('treats an SSE line past sseLineBytes as a broken stream: the step fails naming that limit before message-bytes is reached', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'endless' }, 'http', { ...limits, sseLineBytes: 512 * KiB });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/exceeded sse-line-bytes \(512 KiB\) with (5\d\d\.\d KiB|\d\.\d MiB): treated the stream as broken and stopped reading it; the request fails$/);
    expect(hits.map((h) => h.hit.limit).sort()).toEqual(['sseEventBytes', 'sseLineBytes']);
    const event = sink.envelopes.find((e) => e.layer === 'sse' && e.truncated);
    expect(event?.size).toBeLessThan(2 * MiB);
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toMatch(/exceeded sse-line-bytes \(512 KiB\)/);
    expect(finding?.fix).toMatch(/--limit sse-line-bytes=<size>/);
  });

  it('keeps an answer between the frame and message limits: clipped in the capture, listed whole', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'huge', bytes: 1 * MiB });
    expect(result.status).toBe('ok');
    expect(result.tools[0]?.tool.description).toHaveLength(1 * MiB);
    expect(hits.map((h) => h.hit.limit)).toEqual(['frameBytes']);
    expect(sink.envelopes.some((e) => e.layer === 'http' && e.truncated && !e.incomplete)).toBe(true);
  });

  it('over stdio, skips a 40 MiB line at messageBytes and fails the request at once, its head in the capture', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'huge', bytes: 40 * MiB }, 'stdio');
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('tools/list failed: a stdout line exceeded message-bytes (2 MiB) with 2.0 MiB: skipped the rest of the line; the request waiting for it fails');
    const head = sink.envelopes.find((e) => e.layer === 'stdio' && e.dir === 'in' && e.truncated && e.incomplete);
    expect(head?.raw.startsWith('{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"huge"')).toBe(true);
    expect(head?.size).toBe(2 * MiB);
    expect(hits.map((h) => h.hit.limit)).toEqual(['messageBytes']);
    expect(hits[0]?.envelope.link?.carrier).toBe(head?.seq);
  });

  it('over stdio, stops waiting for a line that never ends', async () => {
    const { result, hits } = await probeHostile({ kind: 'endless' }, 'stdio');
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/exceeded message-bytes \(2 MiB\)/);
    expect(hits.map((h) => h.hit.limit)).toEqual(['messageBytes']);
    expect(result.steps.at(-1)?.name).toBe('shutdown');
  });

  it('over stdio, lists a 1 MiB line whole and keeps it clipped in the capture', async () => {
    const { result, sink, hits } = await probeHostile({ kind: 'huge', bytes: 1 * MiB }, 'stdio');
    expect(result.status).toBe('ok');
    expect(result.tools[0]?.tool.description).toHaveLength(1 * MiB);
    expect(hits.map((h) => h.hit.limit)).toEqual(['frameBytes']);
    const line = sink.envelopes.find((e) => e.layer === 'stdio' && e.truncated);
    expect(line?.truncated).toBe(true);
    expect(line?.size).toBeGreaterThan(1 * MiB);
    expect(line?.raw.length).toBeLessThanOrEqual(256 * KiB);
    expect(line?.incomplete).toBeUndefined();
  });

  // Unparsed, a schema this deep overflowed the stack of the tool validator (an unhandled rejection, which ends a Node process).
  it.each(['http', 'stdio'] as const)('over %s, records an answer nested 200,000 levels deep raw, unparsed, and fails the request naming json-depth', async (over) => {
    // Each level of the schema is two objects (the schema and its properties).
    const { result, sink, hits } = await probeHostile({ kind: 'deep', depth: 100_000 }, over, { messageBytes: 16 * MiB, frameBytes: 16 * MiB });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toMatch(/^tools\/list failed: the message in frame \d+ exceeded json-depth \(1000 levels\) with 200005 levels: recorded raw, not parsed; the request waiting for it fails$/);
    expect(hits.map((h) => h.hit.limit)).toEqual(['jsonDepth']);
    const carrier = sink.envelopes.find((e) => e.seq === hits[0]?.envelope.link?.carrier);
    expect(carrier?.raw).toContain('"name":"deep"');
    expect(sink.envelopes.some((e) => e.layer === 'jsonrpc' && e.dir === 'in' && e.raw.includes('"deep"'))).toBe(false);
    expect(diagnose(sink.envelopes).findings.map((f) => f.id)).toContain('capture.limit-exceeded');
  });

  it('refuses the same depth in an answer the capture kept clipped (the SDK still read it whole) before the lane walks it', async () => {
    const { result, hits } = await probeHostile({ kind: 'deep', depth: 100_000 }, 'http', { messageBytes: 16 * MiB, frameBytes: 1 * MiB });
    expect(result.status).toBe('failed');
    expect(result.error?.message).toBe('tools/list failed: the tools/list result (page 0) exceeded json-depth (1000 levels) with 200004 levels: not read further');
    expect(hits.map((h) => h.hit.limit).sort()).toEqual(['frameBytes', 'jsonDepth']);
  });
});
