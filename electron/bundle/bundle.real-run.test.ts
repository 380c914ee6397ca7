import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { diagnose } from '../../shared/diagnosis/diagnose';
import type { CaptureHeader, Envelope } from '../../shared/capture/envelope';
import { APP_VERSION } from '../app-version';
import { CaptureJournal } from '../capture/journal';
import { openCaptureOrBundle } from '../capture/open-capture-or-bundle';
import type { CommandIo } from '../cli/command';
import { diagnoseCommand } from '../cli/commands/diagnose';
import { exportCommand } from '../cli/commands/export';
import { startEmulator, type RunningEmulator } from '../emulator/emulator';
import { startFixtureServer, type RunningFixtureServer } from '../fixtures/fixture-server';
import { rawStdioServer } from '../lanes/inspector/test-support/stdio-command';
import { probeLanes } from '../probe/lanes';
import type { ProbeLane, ProbeOptions } from '../probe/probe-lane';
import { runProbe } from '../probe/run-probe';
import { startCookieFront, type CookieFront } from './test-support/cookie-front';

/**
 * The acceptance test: a distinct secret planted in every place the redaction covers,
 * real runs through the lanes (fixture server behind a bearer token, custom headers, a cookie,
 * a URL token, the emulator for the OpenAI lanes with planted keys, a stdio server with a secret
 * in its environment), exported with `parallax export --bundle`, and no file of either zip
 * holding any secret raw, URL-encoded, JSON-escaped or base64.
 */
const SECRET = {
  openAiKey: 'sk-proj-PLANTEDopenaiKey0123456789abcdef',
  ephemeralKey: 'ek_PLANTEDrealtimeEphemeral0123456789',
  pastedKey: 'sk-svcacct-PLANTEDpastedKey0123456789',
  bearer: 'PLANTED.bearer+token/0001==',
  cookie: 'PLANTEDcookieValue0002',
  setCookie: 'PLANTEDsetCookie0003',
  userHeader: 'PLANTED-tenant-0004',
  mcpHeader: 'trace"PLANTED"tag/0005',
  urlToken: 'url/PLANTED+token 0006',
  stdioEnv: 'PLANTEDenvSecret0007',
  jsonPath: 'PLANTEDpatient0008',
  regex: 'PROC-PLANTED-0009',
} as const;

function forms(secret: string): Record<string, string> {
  let binary = '';
  for (const byte of new TextEncoder().encode(secret)) binary += String.fromCharCode(byte);
  return { raw: secret, 'URL-encoded': encodeURIComponent(secret), 'JSON-escaped': JSON.stringify(secret).slice(1, -1), base64: btoa(binary) };
}

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CommandIo = { out: (t) => out.push(t), err: (t) => err.push(t), stopped: new Promise(() => undefined) };
  return { io: value, out, err };
}

let dir: string;
let fixture: RunningFixtureServer;
let front: CookieFront;
let emulator: RunningEmulator;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parallax-bundle-run-'));
  fixture = await startFixtureServer({ profile: 'auth', transport: 'streamable-http', options: { token: SECRET.bearer } });
  front = await startCookieFront(fixture.url, `lb_session=${SECRET.setCookie}; Path=/; HttpOnly`);
  emulator = await startEmulator({ allowPrivateNetwork: true });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await emulator?.close();
  await front?.close();
  await fixture?.close();
  await rm(dir, { recursive: true, force: true });
});

/** What `parallax probe` does: the lanes' configs in the header, the lanes run concurrently into the journal. */
async function probe(path: string, lanes: ProbeLane[], options: ProbeOptions): Promise<void> {
  const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: APP_VERSION }, createdAt: new Date().toISOString(), lanes: lanes.map((l) => l.config(options)), emulated: true });
  try {
    await runProbe(lanes, options, journal, new AbortController().signal);
  } finally {
    await journal.close();
  }
}

async function readAll(path: string): Promise<{ header: CaptureHeader; envelopes: Envelope[] }> {
  const source = await openCaptureOrBundle(path);
  try {
    const envelopes: Envelope[] = [];
    for await (const e of source.capture.envelopes()) envelopes.push(e);
    return { header: source.capture.header, envelopes };
  } finally {
    await source.close();
  }
}

const findingsOf = (capture: { header: CaptureHeader; envelopes: Envelope[] }) =>
  diagnose(capture.envelopes, capture.header).findings.map(({ id, severity, title, detail, evidence, fix }) => ({ id, severity, title, detail, evidence, fix }));

describe('bug-report bundle from real runs', () => {
  it('leaves no planted secret in any file, in any form, and replays to the same findings', async () => {
    vi.stubEnv('OPENAI_API_KEY', SECRET.openAiKey);
    const httpCapture = join(dir, 'http.parallax');
    const target = `${front.origin}${new URL(fixture.url).pathname}?access_token=${encodeURIComponent(SECRET.urlToken)}`;
    // The user's own session.update, pasted with a second key left in its instructions.
    const sessionUpdate = JSON.stringify({ type: 'session.update', session: { type: 'realtime', instructions: `Debug with ${SECRET.pastedKey}`, tools: [{
      type: 'mcp', server_label: 'seed', server_url: target, authorization: SECRET.bearer, headers: { 'X-Tenant': SECRET.userHeader, 'X-Trace-Tag': SECRET.mcpHeader, Cookie: `pref=${SECRET.cookie}` }, require_approval: 'never',
    }] } });
    await probe(httpCapture, probeLanes, {
      server: target, transport: 'streamable-http', capabilities: 'none',
      headers: [['X-Tenant', SECRET.userHeader], ['X-Trace-Tag', SECRET.mcpHeader], ['Cookie', `pref=${SECRET.cookie}`]],
      bearerToken: SECRET.bearer,
      call: { name: 'get_insurance_coverage', arguments: { patient_id: SECRET.jsonPath, procedure_code: SECRET.regex } },
      lane: {
        playground: { apiKey: SECRET.openAiKey, baseUrl: emulator.baseUrl, requireApproval: 'never' },
        realtime: { apiKey: SECRET.ephemeralKey, baseUrl: emulator.baseUrl, url: `${emulator.realtimeUrl}?model=gpt-realtime`, requireApproval: 'never', sessionUpdate },
      },
    });
    const stdioCapture = join(dir, 'stdio.parallax');
    const inspector = probeLanes.filter((l) => l.id === 'inspector');
    await probe(stdioCapture, inspector, { server: rawStdioServer('--echo-env=SERVICE_TOKEN'), transport: 'stdio', capabilities: 'none', headers: [], env: { SERVICE_TOKEN: SECRET.stdioEnv } });

    // The runs are real and the secrets really reached the captures, so the redactor had work to do.
    const original = { http: await readAll(httpCapture), stdio: await readAll(stdioCapture) };
    const httpText = await readFile(httpCapture, 'utf8');
    const stdioText = await readFile(stdioCapture, 'utf8');
    expect(original.http.envelopes.filter((e) => e.lane === 'realtime' && e.layer === 'ws').length).toBeGreaterThan(3);
    expect(original.http.envelopes.filter((e) => e.lane === 'playground' && e.layer === 'sse').length).toBeGreaterThan(3);
    for (const secret of [SECRET.pastedKey, SECRET.userHeader, SECRET.jsonPath, SECRET.regex]) expect(httpText, secret).toContain(secret);
    // The probe's own credentials (bearer token, Cookie header, a token in the server URL's query) and a Set-Cookie the server sends never reach a capture at all.
    for (const secret of [SECRET.bearer, SECRET.cookie, SECRET.setCookie, SECRET.urlToken, encodeURIComponent(SECRET.urlToken)]) expect(httpText, secret).not.toContain(secret);
    expect(httpText).toContain(JSON.stringify(JSON.stringify(SECRET.mcpHeader)).slice(3, -3));
    expect(stdioText).toContain(`SERVICE_TOKEN=${SECRET.stdioEnv}`);

    const bundles = { http: join(dir, 'http.zip'), stdio: join(dir, 'stdio.zip') };
    const rules = ['--redact-header', 'X-Tenant', '--redact-regex', 'PROC-[A-Z]+-\\d{4}', '--redact-json-path', '$.params.arguments.patient_id'];
    const preview = io();
    expect(await exportCommand.run([httpCapture, '--preview', ...rules], preview.io)).toBe(0);
    // The lanes recorded the server's Set-Cookie without its value already, so the bundle has no cookie left to remove (its cookie rule is tested in shared/bundle).
    expect(preview.out.join('\n')).toMatch(/Nothing written/);
    for (const secret of Object.values(SECRET)) expect(preview.out.join('\n')).not.toContain(secret);
    for (const [name, capture] of [['http', httpCapture], ['stdio', stdioCapture]] as const) {
      const run = io();
      expect(await exportCommand.run([capture, '--bundle', bundles[name], ...rules], run.io), run.err.join('\n')).toBe(0);
    }

    const leaks: string[] = [];
    const names = new Set<string>();
    for (const bundle of Object.values(bundles)) {
      const files = unzipSync(new Uint8Array(await readFile(bundle)));
      for (const [file, bytes] of Object.entries(files)) {
        names.add(file);
        const text = strFromU8(bytes);
        for (const [place, secret] of Object.entries(SECRET)) {
          for (const [form, spelled] of Object.entries(forms(secret))) if (text.includes(spelled)) leaks.push(`${place} (${form}) in ${bundle}:${file}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect([...names].sort()).toEqual(['capture.har', 'capture.parallax', 'manifest.json', 'report.html', 'report.md', 'tools.json']);

    // Opening the bundle replays it like the capture: the same findings as the original run.
    const replayed = { http: await readAll(bundles.http), stdio: await readAll(bundles.stdio) };
    expect(replayed.http.envelopes.length).toBe(original.http.envelopes.length);
    expect(findingsOf(replayed.http)).toEqual(findingsOf(original.http));
    expect(findingsOf(replayed.stdio)).toEqual(findingsOf(original.stdio));
    expect(replayed.http.envelopes.some((e) => e.redacted)).toBe(true);

    // `parallax diagnose bundle.zip` gives the verdict and findings `parallax diagnose capture` gives.
    for (const [name, capture] of [['http', httpCapture], ['stdio', stdioCapture]] as const) {
      const fromCapture = io();
      const fromBundle = io();
      const codes = [await diagnoseCommand.run([capture, '--json'], fromCapture.io), await diagnoseCommand.run([bundles[name], '--json'], fromBundle.io)];
      expect(codes[1]).toBe(codes[0]);
      const report = (lines: string[]) => {
        const { capture: _path, ...rest } = JSON.parse(lines.join('')) as Record<string, unknown>;
        return rest;
      };
      expect(report(fromBundle.out)).toEqual(report(fromCapture.out));
    }
  }, 180_000);
});
