import { afterEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../shared/diagnosis/diagnose';
import { buildBundleContents } from '../../shared/bundle/bundle-contents';
import { RedactionOptions } from '../../shared/bundle/redaction-options';
import type { CaptureHeader } from '../../shared/capture/envelope';
import { questionLines } from '../../shared/diagnosis/questions';
import { reportedSessionUpdate } from '../fixtures/reported-server';
import { recordInspector, recordPlayground, recordRealtime, startWorld, type World } from './test-support/recorded-runs';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe('the reported case\'s three questions, answered from real runs (admin-tools fixture + emulator)', () => {
  it('with the reporter\'s session.update: 0 tools explained, and protocol, SSE and capabilities ruled out by the Playground lane', async () => {
    world = await startWorld('admin-tools');
    await recordInspector(world);
    expect((await recordPlayground(world)).status).toBe('ok');
    expect((await recordRealtime(world, { sessionUpdate: reportedSessionUpdate(world.fixture.url) })).status).toBe('failed');
    const { questions, findings } = diagnose(world.sink.envelopes);
    expect(questions.map((q) => q.id)).toEqual(['why-fewer', 'protocol-or-transport', 'capabilities']);
    const [why, protocol, capabilities] = questions;
    expect(why?.question).toBe('Why does Realtime show 0 of the 10 tools the server offers?');
    expect(why?.answer).toMatch(/^GA Realtime rejects the session\.update \(seq \d+\) for its missing session\.type.*conversation\.item\.done, never on mcp_list_tools\.completed/);
    const typeMissing = findings.find((f) => f.id === 'realtime.session-type-missing');
    expect(why?.evidence).toEqual(typeMissing?.evidence);
    expect(protocol?.answer).toMatch(/^No\. The Playground lane, driving the same OpenAI-hosted MCP client that Realtime uses, listed all 10 tools from this server, which the Inspector reached over legacy SSE at protocol 2025-06-18\./);
    expect(protocol?.answer).toContain('Realtime never reached the server at all');
    expect(capabilities?.answer).toMatch(/^No\. Capabilities are the server's answer to initialize \(seq \d+: experimental \{\}, prompts \{listChanged: false\}, resources \{subscribe: false, listChanged: false\}, tools \{listChanged: false\}\)/);
    // Every answer points at frames that exist.
    const seqs = new Set(world.sink.envelopes.map((e) => e.seq));
    for (const q of questions) {
      expect(q.evidence.length).toBeGreaterThan(0);
      for (const seq of q.evidence) expect(seqs.has(seq)).toBe(true);
    }
    expect(questionLines(questions)[0]).toBe(`Q: ${why?.question}`);
  });

  it('a bug-report bundle carries the answers under its verdict, in report.html and report.md', async () => {
    world = await startWorld('admin-tools');
    await recordInspector(world);
    await recordPlayground(world);
    await recordRealtime(world, { sessionUpdate: reportedSessionUpdate(world.fixture.url) });
    const header: CaptureHeader = { format: 'mcp-parallax-capture', version: 1, app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'inspector' }, { lane: 'playground' }, { lane: 'realtime' }] };
    const environment = { app: { name: 'MCP Parallax', version: 'test' }, os: { platform: 'linux', release: '6', arch: 'x64' }, runtime: { node: '20' } };
    const { files } = buildBundleContents({ header, envelopes: world.sink.envelopes, environment, redaction: RedactionOptions.parse({}) });
    const html = files.find((f) => f.name === 'report.html')?.text ?? '';
    const markdown = files.find((f) => f.name === 'report.md')?.text ?? '';
    expect(html).toContain('<dt>Is it a protocol version or SSE incompatibility?</dt>');
    expect(html.indexOf('class="questions"')).toBeGreaterThan(html.indexOf('class="verdict'));
    expect(markdown).toContain('**Q: Why does Realtime show 0 of the 10 tools the server offers?**');
  });

  it('without a Playground lane the protocol question is left open and says which lane would settle it', async () => {
    world = await startWorld('admin-tools');
    await recordInspector(world);
    await recordRealtime(world, { sessionUpdate: reportedSessionUpdate(world.fixture.url) });
    const protocol = diagnose(world.sink.envelopes).questions.find((q) => q.id === 'protocol-or-transport');
    expect(protocol?.answer).toMatch(/^Not settled by this run: no Playground lane listed the server.*Run the Playground lane beside it\./);
  });

  it('asks nothing when Realtime gets every tool', async () => {
    world = await startWorld('admin-tools');
    await recordInspector(world);
    await recordPlayground(world);
    expect((await recordRealtime(world)).status).toBe('ok');
    expect(diagnose(world.sink.envelopes).questions).toEqual([]);
  });
});
