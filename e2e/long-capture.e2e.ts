import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import type { CDPSession } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyInfo } from '../shared/ipc/proxies';
import { chromiumPath, openBrowser, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/**
 * A long live capture at a high frame rate, simulated and bounded in time: a server streams SSE
 * events as fast as the recording proxy takes them while the UI follows the live session. The
 * renderer holds pages of rows, never the whole session, so its heap must stay flat. The engine
 * should keep one row summary per frame and leave payloads in the journal, so its growth per
 * frame should stay far below a payload's size. A journaled live Session now reads payloads
 * back from its journal (about 660 bytes per frame measured on the Session alone: the row) and
 * one diagnosis runs at a time. Measured once the stream has stopped and the last diagnosis
 * pass is done, the engine still keeps a third to three quarters of each payload per frame, so the check
 * remains a known failure (it.fails) until that is found.
 */

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const MIB = 1024 * 1024;
// Big enough that holding payloads (a payload or more per frame) and holding rows only (under
// a kilobyte per frame) fall far either side of the bound below.
const PAYLOAD_BYTES = 16_384;
const WARM_MS = 4_000;
const MEASURED_MS = 10_000;
const SETTLE_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rendererHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

describe.skipIf(!chromiumPath)('a long capture at a high frame rate', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let server: http.Server;
  let streaming = true;

  beforeAll(async () => {
    const filler = 'x'.repeat(PAYLOAD_BYTES);
    server = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      // 40 events per tick, as fast as the socket drains: well over a thousand frames a second.
      const pump = () => {
        if (!streaming || res.destroyed) return;
        let more = true;
        for (let i = 0; i < 40 && more; i++) more = res.write(`event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"n":${++n},"data":"${filler}"}}\n\n`);
        if (more) setTimeout(pump, 5);
        else res.once('drain', pump);
      };
      pump();
      req.on('close', () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    web = await startWebHost();
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    streaming = false;
    await browser?.close();
    await web?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  const measured = { frames: 0, engineGrowth: 0 };

  it('keeps the renderer heap flat while the session grows by thousands of frames', async () => {
    const { page } = browser;
    const cdp = await page.context().newCDPSession(page);
    const started = await web.engine.dispatch('startProxy', { kind: 'http', target: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` });
    if (!started.ok) throw new Error(JSON.stringify(started));
    const proxy = started.value as ProxyInfo;
    const client = http.get(proxy.address, { headers: { accept: 'text/event-stream' } }, (response) => response.resume());
    try {
      await sleep(WARM_MS);
      await expect.poll(() => page.locator('.trow .frame').count()).toBeGreaterThan(0);
      collectGarbage();
      const engineBefore = process.memoryUsage().heapUsed;
      const rendererBefore = await rendererHeap(cdp);
      const framesBefore = web.engine.session().store.total;
      await sleep(MEASURED_MS);
      const rendererGrowth = (await rendererHeap(cdp)) - rendererBefore;
      // What the engine keeps once the stream stops and the last diagnosis pass is done: a pass
      // in flight reads envelopes back, payloads and all, which would blur a leak with a peak.
      client.destroy();
      await web.engine.dispatch('stopProxy', { id: proxy.id });
      const framesAfter = web.engine.session().store.total;
      await sleep(SETTLE_MS);
      collectGarbage();
      const engineGrowth = process.memoryUsage().heapUsed - engineBefore;
      const frames = framesAfter - framesBefore;
      console.log(`long capture: ${frames} frames in ${MEASURED_MS / 1000} s measured; renderer heap ${(rendererGrowth / MIB).toFixed(1)} MiB, engine heap ${(engineGrowth / MIB).toFixed(1)} MiB (${(engineGrowth / Math.max(1, frames)).toFixed(0)} bytes per frame)`);

      expect(frames).toBeGreaterThan(5_000);
      // The UI is still following the live session.
      await expect.poll(() => page.getByTestId('filter-count').textContent()).toMatch(/frames/);
      expect(rendererGrowth).toBeLessThan(32 * MIB);
      Object.assign(measured, { frames, engineGrowth });
    } finally {
      // Both are no-ops when the measurement already stopped them.
      client.destroy();
      await web.engine.dispatch('stopProxy', { id: proxy.id });
    }
  });

  // Known failure: after the stream stops the engine still keeps a third to three quarters of each
  // payload (5.7 to 12 KB per 16 KB frame measured), not just the row (under 1 KB); the bound sits between.
  it.fails('keeps the engine, once the stream stops, well under a payload per frame (known: much of each payload is retained)', () => {
    expect(measured.frames).toBeGreaterThan(0);
    expect(measured.engineGrowth / measured.frames).toBeLessThan(PAYLOAD_BYTES / 8);
  });
});
