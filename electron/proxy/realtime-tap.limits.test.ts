import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/capture/envelope';
import { DEFAULT_LIMITS, LimitHitMeta } from '../../shared/capture/limits';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { MemorySink } from '../capture/memory-sink';
import { startRealtimeTap } from './realtime-tap';
import { startWsUpstream } from './test-support/ws-upstream';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await thing.close();
});

/** Small limits, as `parallax tap-realtime --limit message-bytes=64KiB --limit frame-bytes=16KiB` gives them. */
const LIMITS = { ...DEFAULT_LIMITS, messageBytes: 64 * 1024, frameBytes: 16 * 1024 };
const KiB = 1024;

interface Run {
  sink: MemorySink;
  client: WebSocket;
  /** What the client received, in order. */
  received: string[];
  clientClosed: Promise<{ code: number; reason: string }>;
  upstreamClosed: Promise<{ code: number; reason: string }>;
}

/** A real client, through a real tap with the small limits, to a real upstream that runs `upstreamSays` on each message it gets. */
async function throughTap(upstreamSays: (socket: WebSocket, message: string) => void): Promise<Run> {
  let upstreamClose: (closed: { code: number; reason: string }) => void = () => undefined;
  const upstreamClosed = new Promise<{ code: number; reason: string }>((resolve) => { upstreamClose = resolve; });
  const upstream = await startWsUpstream((socket) => {
    socket.send(JSON.stringify({ type: 'session.created' }));
    socket.on('message', (data) => upstreamSays(socket, String(data)));
    socket.on('close', (code, reason) => upstreamClose({ code, reason: reason.toString() }));
  });
  running.push(upstream);
  const sink = new MemorySink();
  const tap = await startRealtimeTap({ upstream: upstream.url, sink, limits: LIMITS });
  running.push(tap);
  const client = new WebSocket(`${tap.realtimeUrl}?model=gpt-realtime`);
  const received: string[] = [];
  client.on('message', (data) => received.push(String(data)));
  // The client's own ws refuses nothing here: its maxPayload is ws's default.
  client.on('error', () => undefined);
  const clientClosed = new Promise<{ code: number; reason: string }>((resolve) => client.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve) => client.once('message', () => resolve()));
  return { sink, client, received, clientClosed, upstreamClosed };
}

const limitHits = (envelopes: readonly Envelope[]) => envelopes.filter((e) => e.layer === 'meta').flatMap((e) => {
  const hit = LimitHitMeta.safeParse(JSON.parse(e.raw));
  return hit.success ? [{ ...hit.data, link: e.link }] : [];
});
const closes = (envelopes: readonly Envelope[]) => envelopes.filter((e) => e.ws?.kind === 'close').map((e) => [e.dir, e.ws?.code]);

describe('tap-realtime under the named limits', () => {
  it('closes both sides with 1009 when the upstream sends a message past message-bytes, keeping what came before', async () => {
    const run = await throughTap((socket) => socket.send(JSON.stringify({ type: 'response.done', pad: 'x'.repeat(100 * KiB) })));
    run.client.send(JSON.stringify({ type: 'response.create' }));
    const [client, upstream] = await Promise.all([run.clientClosed, run.upstreamClosed]);

    expect(client.code).toBe(1009);
    expect(client.reason).toMatch(/^parallax tap: a message from the upstream exceeded message-bytes \(64 KiB\)/);
    expect(upstream.code).toBe(1009);
    expect(run.received).toEqual([JSON.stringify({ type: 'session.created' })]);
    const ws = run.sink.envelopes.filter((e) => e.layer === 'ws' && e.ws?.kind === 'text').map((e) => [e.dir, (JSON.parse(e.raw) as { type: string }).type]);
    expect(ws).toEqual([['in', 'session.created'], ['out', 'response.create']]);
    const [hit] = limitHits(run.sink.envelopes);
    expect(hit).toMatchObject({ limit: 'messageBytes', value: 64 * KiB, side: 'upstream', connection: 'socket-1', closed: 1009 });
    expect(hit?.observed).toBeGreaterThan(100 * KiB);
    // ws's 1009 toward the upstream, then the tap's toward your client; no "dropped" meta for either.
    expect(closes(run.sink.envelopes).slice(0, 2)).toEqual([['out', 1009], ['in', 1009]]);
    expect(run.sink.envelopes.some((e) => e.raw.includes('upstream-gone'))).toBe(false);
    const finding = diagnose(run.sink.envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toMatch(/a message from the upstream on connection socket-1 exceeded message-bytes \(64 KiB\)/);
  });

  it('closes both sides with 1009 when your client sends a message past message-bytes', async () => {
    const run = await throughTap(() => undefined);
    run.client.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: 'A'.repeat(100 * KiB) }));
    const [client, upstream] = await Promise.all([run.clientClosed, run.upstreamClosed]);

    expect(client.code).toBe(1009);
    expect(upstream.code).toBe(1009);
    expect(upstream.reason).toMatch(/^parallax tap: a message from your client exceeded message-bytes \(64 KiB\)/);
    expect(limitHits(run.sink.envelopes)).toEqual([expect.objectContaining({ limit: 'messageBytes', side: 'client', connection: 'socket-1' })]);
    expect(closes(run.sink.envelopes).slice(0, 2)).toEqual([['in', 1009], ['out', 1009]]);
    expect(run.sink.envelopes.some((e) => e.raw.includes('client-gone'))).toBe(false);
  });

  it('delivers a message past frame-bytes whole and records it clipped, with its length and SHA-256', async () => {
    const big = JSON.stringify({ type: 'response.output_text.done', text: 'z'.repeat(40 * KiB) });
    const run = await throughTap((socket) => socket.send(big));
    run.client.send(JSON.stringify({ type: 'response.create' }));
    await new Promise<void>((resolve) => run.client.once('message', () => resolve()));
    run.client.close();
    await run.clientClosed;

    expect(run.received.at(-1)).toBe(big);
    const frame = run.sink.envelopes.find((e) => e.layer === 'ws' && e.dir === 'in' && e.truncated);
    expect(frame).toMatchObject({ size: Buffer.byteLength(big), clip: { sha256: createHash('sha256').update(big).digest('hex') } });
    expect(frame?.raw.length).toBeLessThanOrEqual(16 * KiB);
    expect(limitHits(run.sink.envelopes)).toEqual([expect.objectContaining({ limit: 'frameBytes', observed: Buffer.byteLength(big), link: { carrier: frame?.seq } })]);
  });
});
