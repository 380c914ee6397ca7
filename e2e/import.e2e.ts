import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { appUnderTest } from './support/app-under-test';
import { chromiumPath, SCREENSHOT_DIR } from './support/browser';

/**
 * A page that speaks the Realtime event protocol over a WebSocket and MCP over Streamable HTTP
 * (an SSE answer), served from 127.0.0.1. Playwright's recordHar (playwright-core 1.65) saves
 * WebSocket frames as `_webSocketMessages`, the field Chrome's DevTools export uses, so the HAR
 * is recorded by Chromium itself and not built by hand.
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>realtime client</title><script>
(async () => {
  const ws = new WebSocket('ws://' + location.host + '/v1/realtime?model=gpt-realtime');
  await new Promise((resolve) => ws.addEventListener('message', function first(event) {
    if (JSON.parse(event.data).type === 'session.created') { ws.removeEventListener('message', first); resolve(); }
  }));
  const updated = new Promise((resolve) => ws.addEventListener('message', (event) => { if (JSON.parse(event.data).type === 'session.updated') resolve(); }));
  ws.send(JSON.stringify({ type: 'session.update', session: { tools: [{ type: 'mcp', server_label: 'har-e2e' }] } }));
  await updated;
  const closed = new Promise((resolve) => ws.addEventListener('close', resolve));
  ws.close(1000, 'done');
  await closed;
  const answer = await fetch('/mcp', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) });
  await answer.text();
  document.title = 'done';
})();
</script>`;

function startSite(): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url === '/mcp' && request.method === 'POST') {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end('event: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"har_tool","inputSchema":{"type":"object"}}]}}\n\n');
      });
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(PAGE);
  });
  const sockets = new WebSocketServer({ server, path: '/v1/realtime' });
  sockets.on('connection', (socket) => {
    socket.send(JSON.stringify({ type: 'session.created', session: { id: 'sess_har' } }));
    socket.on('message', (data) => {
      const event = JSON.parse(String(data)) as { type?: string };
      if (event.type === 'session.update') socket.send(JSON.stringify({ type: 'session.updated', session: { id: 'sess_har' } }));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    resolve({
      server, url: `http://127.0.0.1:${port}/`,
      close: async () => {
        for (const client of sockets.clients) client.terminate();
        await new Promise<void>((done) => sockets.close(() => done()));
        await new Promise<void>((done) => server.close(() => done()));
      },
    });
  }));
}

async function recordHar(url: string, file: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath as string, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ recordHar: { path: file, content: 'embed' } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.title === 'done', undefined, { timeout: 15_000 });
    await context.close(); // writes the HAR
  } finally {
    await browser.close();
  }
}

describe.skipIf(!chromiumPath)('importing a HAR recorded by Chromium', () => {
  let site: Awaited<ReturnType<typeof startSite>>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-e2e-import-'));
    site = await startSite();
  });
  afterAll(async () => {
    await site?.close();
    await rm(dir, { recursive: true, force: true });
  });
  // Registered after the file's own hooks: the fixtures start first and stop last, as before.
  const app = appUnderTest();

  it('opens the HAR and shows its WebSocket frames and MCP exchange in the timeline', async () => {
    const file = path.join(dir, 'realtime-client.har');
    await recordHar(site.url, file);
    const har = JSON.parse(await readFile(file, 'utf8')) as { log: { entries: { _webSocketMessages?: { type: string; data: string }[] }[] } };
    const saved = har.log.entries.flatMap((e) => e._webSocketMessages ?? []);
    expect(saved.map((m) => m.type)).toEqual(expect.arrayContaining(['send', 'receive']));

    const { page } = app.browser;
    await page.getByTestId('open-capture').click();
    await page.getByTestId('capture-path').fill(file);
    await page.getByTestId('capture-path').press('Enter');
    await expect.poll(() => page.getByTestId('session-title').textContent()).toContain('realtime-client.har');
    await expect.poll(() => page.locator('.trow', { hasText: 'session.created' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.trow', { hasText: 'session.updated' }).count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.trow', { hasText: 'session.update' }).count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('.trow', { hasText: 'tools/list' }).count()).toBeGreaterThan(0);
    const banner = page.getByTestId('import-banner');
    await expect.poll(() => banner.textContent()).toContain('Imported from the HAR file realtime-client.har');
    await banner.locator('summary').click();
    await expect.poll(() => banner.textContent()).toContain('carry no MCP or OpenAI traffic');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'imported-har.png') });
    expect(app.browser.problems).toEqual([]);
  });
});
