import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CAPTURE_FORMAT, CAPTURE_VERSION, LaneId, type Envelope } from '../../shared/capture/envelope';
import { diagnose, type Diagnosis } from '../../shared/diagnosis/diagnose';
import { CapabilityProfile, TransportRequest } from '../../shared/lanes/inspector-result';
import { KNOWN_REVISIONS, ProtocolRequest } from '../../shared/lanes/protocol-revision';
import { APP_VERSION } from '../app-version';
import { CaptureJournal } from '../capture/journal';
import { BadTargetError, parseServerTarget } from '../lanes/inspector/server-target';
import { defaultProbeLanes, probeLanes } from '../probe/lanes';
import type { ProbeLane, ProbeOptions } from '../probe/probe-lane';
import { runProbe, type ProbeOutcome } from '../probe/run-probe';
import { UsageError, type CommandIo } from './command';
import { resolveLimits } from '../../shared/capture/limits';
import { LIMIT_FLAG_NAMES, limitsFromFlags, recordingSink } from './limit-flags';
import { CLAUDE_USAGE, claudeFlagOptions, claudeLaneSettings, type ClaudeFlagValues } from './claude-flags';
import { checkHostedServer, HOSTED_USAGE, hostedFlagOptions, hostedLaneSettings, type HostedFlagValues } from './hosted-flags';

/**
 * The flags every command that talks to one MCP server shares (`probe`, `call`, `read`,
 * `prompt`): how to reach it, which lanes look, where the capture goes.
 */
export const serverFlagOptions = {
  transport: { type: 'string' }, protocol: { type: 'string' }, 'compare-protocol': { type: 'string' }, header: { type: 'string', multiple: true },
  'bearer-token': { type: 'string' }, capabilities: { type: 'string' }, lanes: { type: 'string' },
  cwd: { type: 'string' }, env: { type: 'string', multiple: true },
  'timeout-ms': { type: 'string' }, limit: { type: 'string', multiple: true }, settings: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false },
  'keep-whole-bodies': { type: 'boolean', default: false },
  ...hostedFlagOptions,
  ...claudeFlagOptions,
} as const;

export const SERVER_USAGE = [
  '               [--transport auto|streamable-http|sse|stdio] [--protocol auto|legacy|<revision>]',
  '               [--compare-protocol auto|legacy|<revision>]  (adds the era lane: the same client at that revision)',
  '               [--header "K: V"]... [--bearer-token T] [--capabilities none|all] [--lanes inspector,...]',
  '               [--cwd DIR] [--env K=V]... [--timeout-ms N] [--limit NAME=VALUE]... [--settings FILE.json]',
  `               (--limit: what is kept of each frame and the largest message read, e.g. --limit message-bytes=256MiB; names: ${LIMIT_FLAG_NAMES};`,
  '                --settings: a JSON file {"limits": {"messageBytes": "256MiB", ...}}; --limit flags win over it)',
  '               [--keep-whole-bodies]  (each body past frame-bytes also goes whole, up to capture-bytes, to run.bodies/ beside the capture;',
  '                unredacted, never in bundles)',
  ...HOSTED_USAGE,
  ...CLAUDE_USAGE,
  '               [--out FILE.parallax] [--json]',
];

export interface ServerFlagValues extends HostedFlagValues, ClaudeFlagValues {
  transport?: string; protocol?: string; 'compare-protocol'?: string; header?: string[]; 'bearer-token'?: string; capabilities?: string; lanes?: string;
  cwd?: string; env?: string[]; 'timeout-ms'?: string; limit?: string[]; settings?: string; out?: string; json?: boolean; 'keep-whole-bodies'?: boolean;
}

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

/** `--arguments` as a JSON object; `{}` when not given. */
export function parseArgumentsJson(json: string | undefined, flag = '--arguments'): Record<string, unknown> {
  if (json === undefined) return {};
  let args: unknown;
  try {
    args = JSON.parse(json);
  } catch (error) {
    throw new UsageError(`${flag} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new UsageError(`${flag} must be a JSON object`);
  return args as Record<string, unknown>;
}

export function parseLanes(text: string | undefined, fallback: ProbeLane[] = defaultProbeLanes): ProbeLane[] {
  if (text === undefined) return fallback;
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

/**
 * `--compare-protocol` adds the era lane beside the Inspector when `--lanes` did not name it; naming
 * the era lane without a revision to compare with is a usage error rather than a silent skip.
 */
export function withEraLane(lanes: ProbeLane[], options: ProbeOptions): ProbeLane[] {
  const hasEra = lanes.some((lane) => lane.id === 'era');
  if (hasEra && options.compareProtocol === undefined) throw new UsageError('the era lane speaks the revision given by --compare-protocol; add --compare-protocol legacy|auto|<revision>');
  if (hasEra || options.compareProtocol === undefined) return lanes;
  const era = probeLanes.find((lane) => lane.id === 'era');
  if (!era) return lanes;
  const at = lanes.findIndex((lane) => lane.id === 'inspector');
  return at === -1 ? [era, ...lanes] : [...lanes.slice(0, at + 1), era, ...lanes.slice(at + 1)];
}

function enumOption<T extends string>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, name: string, value: string | undefined, fallback: T, choices: string): T {
  if (value === undefined) return fallback;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--${name} must be ${choices}, got ${JSON.stringify(value)}`);
  return parsed.data;
}

/** ProbeOptions from the shared flags, with the server target checked so a bad one is bad usage. */
export async function probeOptionsFrom(server: string | undefined, values: ServerFlagValues): Promise<ProbeOptions> {
  if (!server) throw new UsageError('--server is required');
  const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new UsageError(`--timeout-ms must be a positive whole number, got ${JSON.stringify(values['timeout-ms'])}`);
  const options: ProbeOptions = {
    server,
    transport: enumOption(TransportRequest, 'transport', values.transport, 'auto', 'auto, streamable-http, sse or stdio'),
    protocol: enumOption(ProtocolRequest, 'protocol', values.protocol, 'legacy', `auto, legacy or one of ${KNOWN_REVISIONS.join(', ')}`),
    ...(values['compare-protocol'] !== undefined ? { compareProtocol: enumOption(ProtocolRequest, 'compare-protocol', values['compare-protocol'], 'legacy', `auto, legacy or one of ${KNOWN_REVISIONS.join(', ')}`) } : {}),
    headers: (values.header ?? []).map(parseHeader),
    bearerToken: values['bearer-token'],
    capabilities: enumOption(CapabilityProfile, 'capabilities', values.capabilities, 'none', 'none or all'),
    cwd: values.cwd === undefined ? undefined : resolve(values.cwd),
    env: parseEnv(values.env ?? []),
    requestTimeoutMs: timeout,
    ...(values.limit?.length || values.settings !== undefined ? { limits: await limitsFromFlags(values.settings, values.limit ?? []) } : {}),
    ...(values['keep-whole-bodies'] ? { keepWholeBodies: true } : {}),
    lane: { ...await hostedLaneSettings(values), claude: claudeLaneSettings(values) },
  };
  try {
    parseServerTarget(options.server, { cwd: options.cwd, env: options.env });
  } catch (error) {
    if (error instanceof BadTargetError) throw new UsageError(error.message);
    throw error;
  }
  return options;
}

export interface RecordedRun {
  outcome: ProbeOutcome;
  diagnosis: Diagnosis;
  capturePath: string;
}

/**
 * Runs the lanes into a new capture file and diagnoses what it recorded, as `parallax diagnose`
 * would read the file. Undefined (after saying why) when the capture cannot be written, or
 * stopped being written partway (what was written before stays in the file).
 */
export async function recordRun(command: string, lanes: ProbeLane[], options: ProbeOptions, out: string | undefined, io: CommandIo): Promise<RecordedRun | undefined> {
  if (lanes.some((lane) => lane.id === 'playground' || lane.id === 'realtime' || lane.id === 'claude')) checkHostedServer(options);
  const capturePath = resolve(out ?? join(tmpdir(), `parallax-${command}-${new Date().toISOString().replace(/[:.]/g, '-')}.parallax`));
  const header = {
    app: { name: 'MCP Parallax', version: APP_VERSION },
    createdAt: new Date().toISOString(),
    lanes: lanes.map((lane) => lane.config(options)),
  };
  const abort = new AbortController();
  let journal: CaptureJournal;
  try {
    // A write that fails (disk full, I/O error) stops the lanes: a run that cannot be recorded
    // would only pile its frames up in memory. Its error already names the file and the cause.
    journal = await CaptureJournal.create(capturePath, header, { onError: (error) => abort.abort(error), maxFileBytes: resolveLimits(options.limits).captureBytes, readBack: false });
  } catch (error) {
    io.err(`parallax ${command}: cannot write the capture ${capturePath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  void io.stopped.then(() => abort.abort(new Error('stopped by the user')));
  // Subscribed, not wrapped: the journal's own metas (a file continued, a file recreated) are diagnosed too.
  const recorded: Envelope[] = [];
  journal.subscribe((envelope) => recorded.push(envelope));
  const outcome = await runProbe(lanes, options, recordingSink(journal, options.keepWholeBodies, resolveLimits(options.limits).captureBytes), abort.signal);
  try {
    await journal.close();
  } catch (error) {
    io.err(`parallax ${command}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const diagnosis = diagnose(recorded, { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header });
  return { outcome, diagnosis, capturePath };
}
