import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BundleManifest, parseManifest } from '../../shared/bundle/manifest';
import { CaptureJournal } from '../capture/journal';
import { openCaptureOrBundle } from '../capture/open-capture-or-bundle';
import type { CommandIo } from '../cli/command';
import { exportCommand } from '../cli/commands/export';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'parallax-bundle-zip-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  return { io: value, out, err };
}

const TOKEN = 'tok-ABCDEFGH-12345678';

/** A small capture through the real journal, holding a bearer token in a request and an echo of it in a body. */
async function writeCapture(path: string): Promise<void> {
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'inspector' }] });
  const post = '{"jsonrpc":"2.0","id":1,"method":"tools/list"}';
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'out', raw: post, http: { exchange: 'x', phase: 'request', method: 'POST', url: 'http://127.0.0.1:9/mcp', headers: [['authorization', `Bearer ${TOKEN}`]] } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'jsonrpc', dir: 'out', raw: post, link: { exchange: 'x', carrier: 1 } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'in', raw: '', http: { exchange: 'x', phase: 'response', status: 200, statusText: 'OK', headers: [['content-type', 'application/json']] } });
  const body = `{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"token was ${TOKEN}","inputSchema":{"type":"object"}}]}}`;
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'http', dir: 'in', raw: body, http: { exchange: 'x', phase: 'body' } });
  journal.record({ lane: 'inspector', conn: 'i1', layer: 'jsonrpc', dir: 'in', raw: body, link: { exchange: 'x', carrier: 4 } });
  await journal.close();
}

async function exportTo(capture: string, out: string, ...flags: string[]) {
  const run = io();
  const code = await exportCommand.run([capture, '--bundle', out, ...flags], run.io);
  return { code, ...run };
}

async function rewriteManifest(bundle: string, change: (manifest: Record<string, unknown>) => void): Promise<void> {
  const files = unzipSync(new Uint8Array(await readFile(bundle)));
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as Record<string, unknown>;
  change(manifest);
  files['manifest.json'] = strToU8(JSON.stringify(manifest));
  await writeFile(bundle, zipSync(files));
}

describe('bundle zip', () => {
  it('writes every file, with a manifest that parses and names the redaction', async () => {
    const capture = join(dir, 'c.parallax');
    const bundle = join(dir, 'c.zip');
    await writeCapture(capture);
    const result = await exportTo(capture, bundle);
    expect(result.code).toBe(0);
    expect(result.out.join('\n')).toMatch(/Authorization headers\s+\d+×/);
    const files = unzipSync(new Uint8Array(await readFile(bundle)));
    const manifest = BundleManifest.parse(JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)));
    expect(manifest.redaction.enabled).toBe(true);
    expect(manifest.redaction.removed.find((r) => r.rule === 'authorization')?.count).toBeGreaterThan(0);
    expect(manifest.runtime.node).toBe(process.versions.node);
    expect(manifest.files.map((f) => f.name)).toEqual(['capture.parallax', 'capture.har', 'tools.json', 'report.md', 'report.html']);
    for (const data of Object.values(files)) expect(strFromU8(data)).not.toContain(TOKEN);
    const tools = JSON.parse(strFromU8(files['tools.json'] as Uint8Array)) as { lanes: { inspector: { tools: { name: string }[] } }; matrix: { rows: unknown[] } };
    expect(tools.lanes.inspector.tools.map((t) => t.name)).toEqual(['echo']);
    expect(tools.matrix.rows).toHaveLength(1);
  });

  it('keeps the secrets only with --include-secrets, and says so in the manifest', async () => {
    const capture = join(dir, 'c.parallax');
    const bundle = join(dir, 'c.zip');
    await writeCapture(capture);
    expect((await exportTo(capture, bundle, '--include-secrets')).code).toBe(0);
    const files = unzipSync(new Uint8Array(await readFile(bundle)));
    expect(strFromU8(files['capture.parallax'] as Uint8Array)).toContain(TOKEN);
    expect(parseManifest(strFromU8(files['manifest.json'] as Uint8Array)).redaction.enabled).toBe(false);
    expect(strFromU8(files['report.md'] as Uint8Array)).toMatch(/may contain secrets/);
  });

  it('opens a bundle as a capture and re-exports it', async () => {
    const capture = join(dir, 'c.parallax');
    const bundle = join(dir, 'c.zip');
    await writeCapture(capture);
    await exportTo(capture, bundle);
    const source = await openCaptureOrBundle(bundle);
    try {
      expect(source.bundle?.format).toBe('mcp-parallax-bundle');
      expect(source.capture.count).toBe(5);
    } finally {
      await source.close();
    }
    expect((await exportTo(bundle, join(dir, 'again.zip'))).code).toBe(0);
  });

  it('names what is wrong with a damaged zip, a bundle from a newer version, and a zip that is not a bundle', async () => {
    const capture = join(dir, 'c.parallax');
    const bundle = join(dir, 'c.zip');
    await writeCapture(capture);
    await exportTo(capture, bundle);

    const damaged = join(dir, 'damaged.zip');
    const bytes = await readFile(bundle);
    await writeFile(damaged, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(openCaptureOrBundle(damaged)).rejects.toThrow(/damaged\.zip is a damaged zip/);

    await rewriteManifest(bundle, (m) => { m.version = 7; });
    await expect(openCaptureOrBundle(bundle)).rejects.toThrow(/bundle format version 7, but this MCP Parallax reads bundle format versions 1 to 1/);
    const viaCli = io();
    expect(await exportCommand.run([bundle, '--har', join(dir, 'x.har')], viaCli.io)).toBe(2);
    expect(viaCli.err.join('')).toMatch(/bundle format version 7/);

    const other = join(dir, 'other.zip');
    await writeFile(other, zipSync({ 'readme.txt': strToU8('hello') }));
    await expect(openCaptureOrBundle(other)).rejects.toThrow(/has no manifest\.json/);
  });

  it('refuses bad redaction rules before reading anything', async () => {
    await expect(exportCommand.run(['x.parallax', '--bundle', 'y.zip', '--redact-regex', '('], io().io)).rejects.toThrow(/--redact-regex \(rule 1\): not a valid regular expression/);
    await expect(exportCommand.run(['x.parallax', '--bundle', 'y.zip', '--redact-json-path', 'a.b'], io().io)).rejects.toThrow(/--redact-json-path/);
    await expect(exportCommand.run(['x.parallax', '--bundle', 'y.zip', '--har', 'z.har'], io().io)).rejects.toThrow(/not both/);
  });
});
