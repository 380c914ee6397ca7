import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LimitHitMeta } from '../../shared/capture/limits';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { MemorySink } from '../capture/memory-sink';
import { startRealtimeTap } from './realtime-tap';
import { startWsUpstream } from './test-support/ws-upstream';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of running.splice(0).reverse()) await thing.close();
});

const DELTAS = 3000;

/** A Realtime-shaped upstream that floods audio deltas at once, then ends the response. */
async function floodingUpstream(): Promise<string> {
  const upstream = await startWsUpstream((socket) => {
    socket.send(JSON.stringify({ type: 'session.created', session: { type: 'realtime' } }));
    for (let i = 0; i < DELTAS; i++) socket.send(JSON.stringify({ type: 'response.output_audio.delta', delta: 'AAAA', item_id: 'item_1', n: i }));
    socket.send(JSON.stringify({ type: 'response.done', response: { status: 'completed' } }));
  });
  running.push(upstream);
  return upstream.url;
}

describe('tap-realtime under a flood of deltas', () => {
  it('delivers every frame, records deltas only up to frames-per-second with a marker counting the rest, and keeps every other event', async () => {
    const sink = new MemorySink();
    const tap = await startRealtimeTap({ upstream: await floodingUpstream(), sink, limits: { ...DEFAULT_LIMITS, framesPerSecond: 100 } });
    running.push(tap);
    const client = new WebSocket(`${tap.realtimeUrl}?model=gpt-realtime`);
    const types: string[] = [];
    await new Promise<void>((resolve, reject) => {
      client.on('message', (data) => {
        const type = (JSON.parse(String(data)) as { type: string }).type;
        types.push(type);
        if (type === 'response.done') resolve();
      });
      client.on('error', reject);
    });
    client.close();
    await tap.close();

    expect(types.filter((t) => t === 'response.output_audio.delta')).toHaveLength(DELTAS);
    const recorded = sink.envelopes.filter((e) => e.layer === 'ws' && e.dir === 'in' && e.ws?.kind === 'text').map((e) => (JSON.parse(e.raw) as { type: string }).type);
    expect(recorded[0]).toBe('session.created');
    expect(recorded.at(-1)).toBe('response.done');
    const recordedDeltas = recorded.filter((t) => t === 'response.output_audio.delta').length;
    expect(recordedDeltas).toBeGreaterThanOrEqual(100);
    expect(recordedDeltas).toBeLessThan(DELTAS);

    const markers = sink.envelopes.filter((e) => e.layer === 'meta' && e.raw.includes('framesPerSecond')).map((e) => LimitHitMeta.extend({}).passthrough().parse(JSON.parse(e.raw)) as { skipped?: number; value: number });
    expect(markers.length).toBeGreaterThan(0);
    expect(markers.every((m) => m.value === 100)).toBe(true);
    // Nothing vanishes: what was recorded plus what the markers counted is every delta.
    expect(recordedDeltas + markers.reduce((sum, m) => sum + (m.skipped ?? 0), 0)).toBe(DELTAS);
    const finding = diagnose(sink.envelopes).findings.find((f) => f.id === 'capture.limit-exceeded');
    expect(finding?.detail).toMatch(/exceeded frames-per-second \(100 frames\/s\)/);
  });
});
