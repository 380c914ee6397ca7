import { describe, expect, it } from 'vitest';
import type { CaptureHeader, Envelope } from '../capture/envelope';
import { buildBundleContents } from './bundle-contents';
import { RedactionOptions } from './redaction-options';

const header: CaptureHeader = { format: 'mcp-parallax-capture', version: 1, app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'inspector' }] };
const environment = { app: { name: 'MCP Parallax', version: 'test' }, os: { platform: 'linux', release: '6', arch: 'x64' }, runtime: { node: '20' } };

/** A server whose tool names and descriptions try to be markup. */
function hostileRun(): Envelope[] {
  const tools = [
    { name: '<script>alert(1)</script>', description: '<img src="https://evil.test/x.png" onerror="alert(2)">', inputSchema: { type: 'object' } },
    { name: 'pipe|tool', description: '```\n# heading\n[link](https://evil.test)', inputSchema: { properties: {} } },
  ];
  let seq = 0;
  const e = (fields: Partial<Envelope> & Pick<Envelope, 'layer' | 'raw' | 'dir'>): Envelope => ({ seq: ++seq, t: seq, lane: 'inspector', conn: 'c', ...fields });
  const list = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
  const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools } });
  return [
    e({ layer: 'http', dir: 'out', raw: list, http: { exchange: 'x', phase: 'request', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: [] } }),
    e({ layer: 'jsonrpc', dir: 'out', raw: list, link: { exchange: 'x', carrier: 1 } }),
    e({ layer: 'http', dir: 'in', raw: '', http: { exchange: 'x', phase: 'response', status: 200, headers: [['content-type', 'application/json']] } }),
    e({ layer: 'http', dir: 'in', raw: answer, http: { exchange: 'x', phase: 'body' } }),
    e({ layer: 'jsonrpc', dir: 'in', raw: answer, link: { exchange: 'x', carrier: 4 } }),
  ];
}

describe('bundle reports', () => {
  const { files } = buildBundleContents({ header, envelopes: hostileRun(), environment, redaction: RedactionOptions.parse({}) });
  const file = (name: string) => files.find((f) => f.name === name)?.text ?? '';

  it('report.html escapes every server-supplied string and loads nothing', () => {
    const html = file('report.html');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const tags = html.match(/<[^>]*>/g) ?? [];
    expect(tags.filter((tag) => /^<\/?(script|img|link|iframe|object|embed|a)\b|\s(src|href|on\w+)=/i.test(tag))).toEqual([]);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // Findings carry their evidence inline: the malformed tool's frame is shown.
    expect(html).toMatch(/<details open><summary>seq \d+ ·/);
  });

  it('report.html draws each lane\'s sequence diagram as inline SVG, styled once, labels escaped', () => {
    const html = file('report.html');
    const svgs = html.match(/<svg [^>]*data-lane="inspector"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(1);
    const arrows = [...html.matchAll(/<g class="sq-msg [^"]*" data-seq="(\d+)"(?: data-carrier="(\d+)")? data-label="([^"]*)" role="img"/g)].map((m) => [Number(m[1]), m[3]]);
    // The HTTP carriers fold into their JSON-RPC arrows: the request and its answer.
    expect(arrows).toEqual([[2, 'tools/list'], [3, '200'], [5, 'tools/list result']]);
    expect(html.match(/\.sq-msg line\{/g)).toHaveLength(1);
    expect(html).not.toContain('tabindex');
    expect(html).not.toMatch(/<svg[\s\S]*<script/);
  });

  it('report.md escapes markup and keeps tables intact', () => {
    const markdown = file('report.md');
    expect(markdown).toContain('\\<script\\>alert\\(1\\)\\</script\\>');
    expect(markdown).toContain('| pipe\\|tool |');
    expect(markdown).not.toMatch(/^# heading/m);
    expect(markdown).toMatch(/^\*\*Verdict:\*\* /m);
  });

  it('tools.json holds each lane\'s list and the matrix', () => {
    const tools = JSON.parse(file('tools.json')) as { lanes: { inspector: { tools: { name: string }[] } }; matrix: { rows: { name: string }[] } };
    expect(tools.lanes.inspector.tools.map((t) => t.name)).toEqual(['<script>alert(1)</script>', 'pipe|tool']);
    expect(tools.matrix.rows.map((r) => r.name)).toEqual(['<script>alert(1)</script>', 'pipe|tool']);
  });
});
