import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HarBuilder } from '../../shared/capture/har';
import { Har } from '../../shared/capture/har-schema';
import { runInspectorLane } from '../lanes/inspector/inspector-lane';
import { parseServerTarget } from '../lanes/inspector/server-target';
import type { RunningServer } from '../lanes/inspector/test-support/http-server';
import { demoServer, startSseServer, startStreamableServer } from '../lanes/inspector/test-support/mcp-servers';
import { openCapture } from './capture-loader';
import { CaptureJournal } from './journal';
import type { LoadedCapture } from './loaded-capture';

let dir: string;
const servers: RunningServer[] = [];
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-e2e-capture-')); });
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

/** Real traffic: the Inspector lane against SDK servers on 127.0.0.1, recorded by the journal. */
async function recordSession(path: string): Promise<void> {
  const streamable = await startStreamableServer(demoServer);
  const legacy = await startSseServer(demoServer);
  servers.push(streamable, legacy);
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'inspector' }] });
  const call = { name: 'echo', arguments: { text: 'hi' } };
  const first = await runInspectorLane({ target: parseServerTarget(streamable.url), transport: 'streamable-http', call }, journal);
  const second = await runInspectorLane({ target: parseServerTarget(legacy.url), transport: 'sse', call }, journal);
  await journal.close();
  expect([first.status, second.status]).toEqual(['ok', 'ok']);
}

async function harOf(capture: LoadedCapture): Promise<Har> {
  const builder = new HarBuilder({ creator: { name: 'MCP Parallax', version: 'test' }, header: capture.header });
  for await (const envelope of capture.envelopes()) builder.add(envelope);
  return builder.finish().har;
}

describe('capture end to end: lane -> journal -> loader -> pairing -> HAR', () => {
  it('pairs every request of real sessions and exports a valid HAR, plain and gzipped alike', async () => {
    const path = join(dir, 'session.parallax');
    await recordSession(path);
    await writeFile(`${path}.gz`, gzipSync(await readFile(path)));

    for (const file of [path, `${path}.gz`]) {
      const capture = await openCapture(file);
      try {
        expect(capture.skipped).toEqual([]);
        const { pairing, index } = capture;
        const methods = pairing.exchanges.map((e) => e.method);
        expect(methods.filter((m) => m === 'initialize')).toHaveLength(2);
        expect(methods).toContain('tools/list');
        expect(methods).toContain('tools/call');
        expect(pairing.exchanges.every((e) => e.outcome === 'result' && (e.durationMs ?? -1) >= 0)).toBe(true);
        expect(pairing.orphanResponses).toEqual([]);
        expect(pairing.duplicateRequests).toEqual([]);
        // One connection per transport session, each with its own tools/list; lane-level meta has its own conn.
        const talking = index.connections.filter((c) => pairing.exchanges.some((e) => e.conn === c.conn));
        expect(talking).toHaveLength(2);
        for (const connection of talking) {
          expect(index.recordsOfMethod('tools/list').some((r) => index.connection(r) === connection)).toBe(true);
        }
        const listing = pairing.exchanges.find((e) => e.method === 'tools/list');
        const answer = await capture.readEnvelope(listing?.responseSeq ?? -1);
        expect(JSON.parse(answer?.raw ?? '{}')).toMatchObject({ result: { tools: [{ name: 'echo' }, { name: 'enable_extra' }] } });

        const har = await harOf(capture);
        expect(Har.safeParse(har).error).toBeUndefined();
        const posts = har.log.entries.filter((e) => e.request.method === 'POST');
        expect(posts.length).toBeGreaterThanOrEqual(8);
        const streams = har.log.entries.filter((e) => e.response.content.mimeType.startsWith('text/event-stream'));
        expect(streams.length).toBeGreaterThan(0);
        // The legacy transport's GET stream announces the POST endpoint in its first event.
        const endpointEvents = streams.flatMap((e) => ((e as Record<string, unknown>)._sseEvents ?? []) as { type: string }[]).filter((ev) => ev.type === 'endpoint');
        expect(endpointEvents).toHaveLength(1);
      } finally {
        await capture.close();
      }
    }
  });
});
