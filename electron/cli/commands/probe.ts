import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CAPTURE_FORMAT, CAPTURE_VERSION, LaneId, type CaptureSink, type Envelope } from '../../../shared/capture/envelope';
import { diagnose, toProbeReport } from '../../../shared/diagnosis/diagnose';
import { CapabilityProfile, TransportRequest } from '../../../shared/lanes/inspector-result';
import { KNOWN_REVISIONS, ProtocolRequest } from '../../../shared/lanes/protocol-revision';
import type { ProbeReport } from '../../../shared/lanes/probe-report';
import { APP_VERSION } from '../../app-version';
import { CaptureJournal } from '../../capture/journal';
import { BadTargetError, parseServerTarget } from '../../lanes/inspector/server-target';
import { defaultProbeLanes, probeLanes } from '../../probe/lanes';
import type { ProbeOptions } from '../../probe/probe-lane';
import { runProbe } from '../../probe/run-probe';
import { UsageError, type Command } from '../command';
import { CLAUDE_USAGE, claudeFlagOptions, claudeLaneSettings } from '../claude-flags';
import { checkHostedServer, HOSTED_USAGE, hostedFlagOptions, hostedLaneSettings } from '../hosted-flags';

const USAGE = [
  'parallax probe --server <url | "stdio:<command line>"> [--transport auto|streamable-http|sse|stdio] [--protocol auto|legacy|<revision>]',
  '               [--header "K: V"]... [--bearer-token T] [--capabilities none|all] [--lanes inspector,...]',
  '               [--call TOOL [--arguments JSON]] [--cwd DIR] [--env K=V]... [--timeout-ms N]',
  ...HOSTED_USAGE,
  ...CLAUDE_USAGE,
  '               [--out FILE.parallax] [--json]',
].join('\n');

function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header must look like "Name: value", got ${JSON.stringify(text)}`);
  return [name, text.slice(colon + 1).trim()];
}

function parseEnv(pairs: string[]): Record<string, string> | undefined {
  if (pairs.length === 0) return undefined;
  return Object.fromEntries(pairs.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--env must look like NAME=value, got ${JSON.stringify(pair)}`);
    return [pair.slice(0, eq), pair.slice(eq + 1)];
  }));
}

function parseCall(name: string | undefined, json: string | undefined): ProbeOptions['call'] {
  if (!name) {
    if (json !== undefined) throw new UsageError('--arguments needs --call TOOL');
    return undefined;
  }
  let args: unknown = {};
  if (json !== undefined) {
    try {
      args = JSON.parse(json);
    } catch (error) {
      throw new UsageError(`--arguments is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError('--arguments must be a JSON object');
  return { name, arguments: args as Record<string, unknown> };
}

function parseLanes(text: string | undefined): typeof probeLanes {
  if (text === undefined) return defaultProbeLanes;
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UsageError('--lanes needs at least one lane');
  return ids.map((id) => {
    const known = LaneId.safeParse(id);
    const lane = probeLanes.find((l) => l.id === id);
    if (!known.success) throw new UsageError(`unknown lane "${id}"; lanes: ${probeLanes.map((l) => l.id).join(', ')}`);
    if (!lane) throw new UsageError(`the ${id} lane is not available in this build; lanes: ${probeLanes.map((l) => l.id).join(', ')}`);
    return lane;
  });
}

function enumOption<T extends string>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, name: string, value: string | undefined, fallback: T, choices: string): T {
  if (value === undefined) return fallback;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${name} must be ${choices}, got ${JSON.stringify(value)}`);
  return parsed.data;
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'Look at one MCP server through each lane and record everything to a capture',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        server: { type: 'string' }, transport: { type: 'string' }, protocol: { type: 'string' }, header: { type: 'string', multiple: true },
        'bearer-token': { type: 'string' }, capabilities: { type: 'string' }, lanes: { type: 'string' },
        call: { type: 'string' }, arguments: { type: 'string' }, cwd: { type: 'string' }, env: { type: 'string', multiple: true },
        'timeout-ms': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false },
        ...hostedFlagOptions,
        ...claudeFlagOptions,
      },
      strict: true,
    });
    if (!values.server) throw new UsageError('--server is required');
    const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(`--timeout-ms must be a positive whole number, got ${JSON.stringify(values['timeout-ms'])}`);
    const options: ProbeOptions = {
      server: values.server,
      transport: enumOption(TransportRequest, 'transport', values.transport, 'auto', 'auto, streamable-http, sse or stdio'),
      protocol: enumOption(ProtocolRequest, 'protocol', values.protocol, 'legacy', `auto, legacy or one of ${KNOWN_REVISIONS.join(', ')}`),
      headers: (values.header ?? []).map(parseHeader),
      bearerToken: values['bearer-token'],
      capabilities: enumOption(CapabilityProfile, 'capabilities', values.capabilities, 'none', 'none or all'),
      cwd: values.cwd === undefined ? undefined : resolve(values.cwd),
      env: parseEnv(values.env ?? []),
      call: parseCall(values.call, values.arguments),
      requestTimeoutMs: timeout,
      lane: { ...await hostedLaneSettings(values), claude: claudeLaneSettings(values) },
    };
    try {
      parseServerTarget(options.server, { cwd: options.cwd, env: options.env });
    } catch (error) {
      if (error instanceof BadTargetError) throw new UsageError(error.message);
      throw error;
    }
    const lanes = parseLanes(values.lanes);
    if (lanes.some((lane) => lane.id === 'playground' || lane.id === 'realtime' || lane.id === 'claude')) checkHostedServer(options);

    const capturePath = resolve(values.out ?? join(tmpdir(), `parallax-probe-${new Date().toISOString().replace(/[:.]/g, '-')}.parallax`));
    let journal: CaptureJournal;
    const header = {
      app: { name: 'MCP Parallax', version: APP_VERSION },
      createdAt: new Date().toISOString(),
      lanes: lanes.map((lane) => lane.config(options)),
    };
    try {
      journal = await CaptureJournal.create(capturePath, header);
    } catch (error) {
      io.err(`parallax probe: cannot write the capture ${capturePath}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }

    const abort = new AbortController();
    void io.stopped.then(() => abort.abort(new Error('stopped by the user')));
    // The diagnosis reads the same envelopes the journal writes, as `parallax diagnose` would read the file.
    const recorded: Envelope[] = [];
    const sink: CaptureSink = { record: (input) => { const envelope = journal.record(input); recorded.push(envelope); return envelope; } };
    const outcome = await runProbe(lanes, options, sink, abort.signal);
    await journal.close();

    const diagnosis = diagnose(recorded, { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header });
    const ranOk = Object.values(outcome.report.lanes).every((lane) => lane.status !== 'failed');
    const exitCode = ranOk && !diagnosis.differs ? 0 : 1;
    const report: ProbeReport & { verdict: string } = { ...toProbeReport(diagnosis, capturePath), lanes: outcome.report.lanes };
    if (values.json) {
      io.out(JSON.stringify(report));
    } else {
      for (const lane of lanes) {
        const run = outcome.runs[lane.id];
        if (!run) continue;
        const { status, tools, error } = run.summary;
        io.out(`${lane.id}: ${status}${status === 'skipped' ? ` (${error ?? 'no reason given'})` : `, ${tools.length} tool(s)`}${status === 'failed' && error ? `\n  error: ${error}` : ''}`);
        for (const line of run.lines ?? []) io.out(line);
      }
      io.out('');
      io.out(`verdict: ${diagnosis.verdict}`);
      for (const finding of diagnosis.findings) {
        io.out(`  [${finding.severity}] ${finding.title} (${finding.id}${finding.evidence.length ? `; frames ${finding.evidence.slice(0, 8).join(', ')}` : ''})`);
        io.out(`    fix: ${finding.fix}`);
      }
      io.out(`capture: ${capturePath}`);
    }
    return exitCode;
  },
};
