import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapture } from '../capture/capture-loader';
import { createEngine, type Engine } from './engine';

describe('probing from the UI contract', () => {
  let dataDir: string;
  let engine: Engine;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'parallax-probe-session-'));
    engine = createEngine({ host: 'browser', appVersion: 'test', dataDir });
  });
  afterAll(async () => {
    await engine.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts the demo, probes its seed server live, and journals every frame the UI shows', async () => {
    const demo = await engine.dispatch('startDemo', {});
    expect(demo.ok).toBe(true);
    const { setup } = (demo as { ok: true; value: { setup: { server: string } } }).value;
    expect(setup.server).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);

    const started = await engine.dispatch('startProbe', { setup: { ...setup, lanes: ['inspector'] } });
    expect(started).toMatchObject({ ok: true, value: { source: 'live' } });
    const session = engine.session();
    await expect.poll(() => session.info().lanes.find((l) => l.lane === 'inspector')?.status, { timeout: 30_000 }).toBe('ok');
    expect(session.info().lanes.find((l) => l.lane === 'inspector')).toMatchObject({ toolCount: 10, detail: 'listed 10 tools · MCP 2025-06-18' });

    // The journal on disk holds the same frames the session shows.
    await expect.poll(async () => {
      const loaded = await openCapture(session.path as string);
      const count = loaded.count;
      await loaded.close();
      return count;
    }).toBe(session.store.total);
    const page = await session.store.page('method:tools/list', 0, 10);
    expect(page.rows.some((row) => row.label === 'tools/list → result')).toBe(true);

    // The UI's diagnosis of the live session is the shared diagnosis of its frames.
    const report = await engine.dispatch('getDiagnosis', { sessionId: session.id });
    expect(report.ok).toBe(true);
    const value = (report as { ok: true; value: { verdict: string; matrix: { rows: unknown[] }; frames: number; tools: { inspector?: unknown[] } } }).value;
    expect(value.frames).toBe(session.store.total);
    expect(value.matrix.rows).toHaveLength(10);
    expect(value.tools.inspector).toHaveLength(10);
    expect(value.verdict.length).toBeGreaterThan(10);
  });

  it('the split demo server runs the Inspector at 2026-07-28 and again at 2025 in the era lane, and the diagnosis names the tool the 2025 lane lacks', async () => {
    const demo = await engine.dispatch('startDemo', { server: 'split' });
    const { setup } = (demo as { ok: true; value: { setup: { protocol: string; compareProtocol?: string; lanes: string[] } } }).value;
    expect(setup).toMatchObject({ protocol: '2026-07-28', compareProtocol: 'legacy' });
    expect(setup.lanes).toContain('era');

    expect(await engine.dispatch('startProbe', { setup: { ...setup, lanes: ['inspector', 'era'] } })).toMatchObject({ ok: true });
    const session = engine.session();
    const lane = (id: string) => session.info().lanes.find((l) => l.lane === id);
    await expect.poll(() => [lane('inspector')?.status, lane('era')?.status], { timeout: 30_000 }).toEqual(['ok', 'ok']);
    expect(lane('inspector')?.toolCount).toBe(10);
    expect(lane('era')?.toolCount).toBe(9);

    const report = await engine.dispatch('getDiagnosis', { sessionId: session.id });
    const findings = (report as { ok: true; value: { findings: { id: string; detail: string }[] } }).value.findings;
    expect(findings.find((f) => f.id === 'mcp.era-lists-differ')?.detail).toContain('get_insurance_coverage');
  });

  it('numbers proxy frames in the probe\'s own journal, so file and screen hold the same frames', async () => {
    const session = engine.session();
    expect(session.source).toBe('live');
    const demo = await engine.dispatch('startDemo', {});
    const server = (demo as { ok: true; value: { setup: { server: string } } }).value.setup.server;
    const started = await engine.dispatch('startProxy', { kind: 'http', target: server });
    expect(started.ok).toBe(true);
    const { address } = (started as { ok: true; value: { address: string; id: string } }).value;
    // A real client request through the proxy: the legacy SSE endpoint answers POST with 405.
    const answer = await fetch(new URL('/sse', address), { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
    expect(answer.status).toBe(405);
    await expect.poll(() => session.store.page('lane:server', 0, 10).then((p) => p.matched)).toBeGreaterThan(0);
    await session.flush();
    const loaded = await openCapture(session.path as string);
    try {
      expect(loaded.skipped).toEqual([]);
      expect(loaded.count).toBe(session.store.total);
    } finally {
      await loaded.close();
    }
    await engine.dispatch('stopProxy', { id: (started as { ok: true; value: { id: string } }).value.id });
  });

  it('refuses a setup it cannot run, naming the field', async () => {
    const result = await engine.dispatch('startProbe', { setup: { server: '', lanes: [] } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/server|lanes/);
  });
});
