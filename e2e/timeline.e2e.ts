import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureSink } from '../shared/capture/envelope';
import { Session } from '../electron/engine/session';
import { chromiumPath, openBrowser, SCREENSHOT_DIR, type BrowserSession } from './support/browser';
import { startWebHost } from './support/web-host';

/** Frames shaped exactly as the lanes record them: an MCP exchange over Streamable HTTP and a Realtime import. */
function recordConversation(sink: CaptureSink, t0: number): void {
  const conn = 'inspector-1';
  const post = (exchange: string, body: string, t: number) => {
    sink.record({ t, lane: 'inspector', conn, layer: 'http', dir: 'out', raw: body, http: { exchange, phase: 'request', method: 'POST', url: 'http://127.0.0.1:8000/mcp', headers: [['Content-Type', 'application/json'], ['Accept', 'application/json, text/event-stream']] } });
    sink.record({ t, lane: 'inspector', conn, layer: 'jsonrpc', dir: 'out', raw: body, link: { exchange } });
  };
  const answer = (exchange: string, body: string, t: number) => {
    sink.record({ t, lane: 'inspector', conn, layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'response', status: 200, statusText: 'OK', headers: [['Content-Type', 'text/event-stream'], ['Mcp-Session-Id', 'abc123']], elapsed: 4 } });
    const event = sink.record({ t: t + 1, lane: 'inspector', conn, layer: 'sse', dir: 'in', raw: `event: message\ndata: ${body}\n\n`, link: { exchange } });
    sink.record({ t: t + 1, lane: 'inspector', conn, layer: 'jsonrpc', dir: 'in', raw: body, link: { exchange, carrier: event.seq } });
    sink.record({ t: t + 2, lane: 'inspector', conn, layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: 6 } });
  };
  post('x1', '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"parallax","version":"0.1.0"}}}', t0);
  answer('x1', '{"jsonrpc":"2.0","id":0,"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{"listChanged":true}},"serverInfo":{"name":"health","version":"1.0"}}}', t0 + 12);
  post('x2', '{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}', t0 + 20);
  const tools = Array.from({ length: 10 }, (_, i) => ({ name: `tool_${i}`, description: `Tool ${i}`, inputSchema: { type: 'object', properties: {} } }));
  answer('x2', JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools } }), t0 + 45);
  const rt = (dir: 'in' | 'out', event: object, t: number) => sink.record({ t, lane: 'realtime', conn: 'rt-1', layer: 'ws', dir, raw: JSON.stringify(event) });
  rt('in', { type: 'session.created', event_id: 'e1', session: { type: 'realtime' } }, t0 + 5);
  rt('out', { type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', server_label: 'health', server_url: 'https://example.test/mcp' }] } }, t0 + 8);
  rt('in', { type: 'conversation.item.added', item: { id: 'item_1', type: 'mcp_list_tools', server_label: 'health', tools: [] } }, t0 + 30);
  rt('in', { type: 'mcp_list_tools.in_progress', item_id: 'item_1' }, t0 + 31);
  rt('in', { type: 'mcp_list_tools.completed', item_id: 'item_1' }, t0 + 60);
  rt('in', { type: 'conversation.item.done', item: { id: 'item_1', type: 'mcp_list_tools', server_label: 'health', tools: tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema })) } }, t0 + 61);
  sink.record({ t: t0 + 70, lane: 'inspector', conn: 'stdio-1', layer: 'stdio', dir: 'in', raw: 'Starting server v1.2 on stdio' });
}

describe.skipIf(!chromiumPath)('timeline and frame inspector', () => {
  let web: Awaited<ReturnType<typeof startWebHost>>;
  let browser: BrowserSession;
  let session: Session;

  beforeAll(async () => {
    web = await startWebHost();
    session = new Session({ source: 'live', title: 'Timeline test', lanes: ['inspector', 'playground', 'realtime'], emulated: true });
    web.engine.setSession(session);
    recordConversation(session.sink(), Date.now());
    browser = await openBrowser();
    await browser.page.goto(web.host.url);
  });
  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('draws every frame in its lane column on one time axis', async () => {
    const { page } = browser;
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${session.store.total} frames`);
    const realtimeRow = page.locator('.trow', { hasText: 'conversation.item.done (mcp_list_tools)' });
    // The Realtime event sits in the third column; the Inspector's columns of that row are empty.
    const cells = realtimeRow.locator('.lane-cell');
    await expect.poll(() => cells.count()).toBe(3);
    expect((await cells.nth(2).textContent())?.includes('conversation.item.done')).toBe(true);
    expect(await cells.nth(0).textContent()).toBe('');
    expect(await page.getByTestId('session-title').textContent()).toContain('local emulator');
    await expect.poll(() => page.locator('.trow', { hasText: 'not JSON-RPC: Starting server' }).locator('.flag').textContent()).toBe('invalid');
  });

  it('joins responses to requests and opens a frame in the inspector', async () => {
    const { page } = browser;
    const response = page.locator('.trow', { hasText: 'tools/list → result' });
    await response.click();
    const inspector = page.getByTestId('frame-inspector');
    await expect.poll(() => inspector.textContent()).toContain('tool_9');
    await inspector.getByRole('button', { name: /Go to request/ }).click();
    await expect.poll(() => page.locator('.trow.selected').textContent()).toContain('tools/list');
    await inspector.getByRole('tab', { name: 'HTTP' }).click();
    await expect.poll(() => inspector.textContent()).toContain('POST http://127.0.0.1:8000/mcp');
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'timeline.png') });
  });

  it('filters with tokens and reports a bad token by name', async () => {
    const { page } = browser;
    await page.getByTestId('filter').fill('lane:realtime dir:in');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`5 of ${session.store.total} frames`);
    await page.getByTestId('filter').fill('colour:red kind:invalid');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Unknown filter field "colour:"');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`1 of ${session.store.total} frames`);
    // In bodies too: the tools/list result, the SSE event that carried it, and the Realtime item.
    await page.getByTestId('filter').fill('/tool_[0-9]/');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`3 of ${session.store.total} frames`);
    await page.getByTestId('filter').fill('');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${session.store.total} frames`);
  });

  it('pauses following while the user looks at evidence, counts what arrives, and resumes', async () => {
    const { page } = browser;
    const sink = session.sink();
    const burst = () => {
      for (let i = 0; i < 400; i++) {
        sink.record({ lane: 'realtime', conn: 'rt-1', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'response.output_audio_transcript.delta', delta: `word ${i}` }) });
      }
    };
    const lastRowIndex = () => page.locator('.trow').evaluateAll((rows) => Math.max(...rows.map((r) => Number(r.getAttribute('aria-rowindex')))));
    // The earlier test jumped to a request, which pauses following.
    burst();
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${session.store.total} frames`);
    await expect.poll(() => page.getByTestId('timeline-resume').textContent()).toContain('400 new');
    expect(await lastRowIndex()).toBeLessThan(session.store.total);
    await page.getByTestId('timeline-resume').click();
    await expect.poll(lastRowIndex).toBe(session.store.total);
    // Now following: the next burst scrolls into view by itself.
    burst();
    await expect.poll(lastRowIndex).toBe(session.store.total);
    expect(await page.getByTestId('timeline-resume').count()).toBe(0);
    // Scrolling up pauses; what arrives then is counted; scrolling back to the end resumes.
    const timeline = page.getByTestId('timeline');
    await timeline.hover();
    await page.mouse.wheel(0, -2000);
    await expect.poll(() => page.getByTestId('timeline-resume').count()).toBe(1);
    burst();
    await expect.poll(() => page.getByTestId('timeline-resume').textContent()).toContain('400 new');
    await timeline.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect.poll(() => page.getByTestId('timeline-resume').count()).toBe(0);
    burst();
    await expect.poll(lastRowIndex).toBe(session.store.total);
    expect(browser.problems.filter((p) => !p.includes('favicon'))).toEqual([]);
  });

  it('stops a regex that backtracks for ever on the worker, says where, and the engine answers meanwhile', async () => {
    const { page } = browser;
    // A line that sends /(a+)+b/ into exponential backtracking, in its label and its body.
    const stuck = session.sink().record({ lane: 'inspector', conn: 'stdio-1', layer: 'stderr', dir: 'in', raw: `${'a'.repeat(40)}!` });
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${session.store.total.toLocaleString('en')} frames`);
    await page.getByTestId('filter').fill('/(a+)+b/');
    // The search runs for its full allowance; a second in, the engine must still answer.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await web.engine.dispatch('ping', { text: 'still here' })).toMatchObject({ ok: true });
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 30_000 })
      .toMatch(new RegExp(`Searching bodies stopped in frames #1 to #${stuck.seq}: searching \\d+ bodies took longer than 10 s`));
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'filter-stopped.png') });
    // Another search runs on a fresh worker.
    await page.getByTestId('filter').fill('tool_9');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`3 of ${session.store.total.toLocaleString('en')} frames`);
    await page.getByTestId('filter').fill('');
    await expect.poll(() => page.getByTestId('filter-count').textContent()).toBe(`${session.store.total.toLocaleString('en')} frames`);
  });
});
