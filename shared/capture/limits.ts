import { z } from 'zod';

/**
 * The named limits that keep Parallax bounded whatever a server sends. One table: the recorders,
 * the CLI flags, Setup and the settings file read their names and defaults from here, so a limit
 * is never a number buried in one module (docs/security.md copies them for readers).
 */

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export const LIMIT_NAMES = ['frameBytes', 'messageBytes', 'captureBytes', 'sseEventBytes', 'sseLineBytes', 'jsonDepth', 'framesPerSecond'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];
export type Limits = Record<LimitName, number>;

interface LimitInfo {
  /** The CLI flag (`--limit <flag>=<value>`) and settings-file key. */
  flag: string;
  unit: 'bytes' | 'levels' | 'frames/s';
  default: number;
  /** What happens when it is exceeded, for help text and docs. */
  description: string;
}

export const LIMITS: Readonly<Record<LimitName, LimitInfo>> = {
  frameBytes: {
    flag: 'frame-bytes', unit: 'bytes', default: 16 * MiB,
    description: 'largest frame kept whole; beyond it the capture keeps the head and tail, the length and a SHA-256',
  },
  messageBytes: {
    flag: 'message-bytes', unit: 'bytes', default: 64 * MiB,
    description: 'largest message a lane reads and parses; beyond it the lane stops that step with an error naming the limit',
  },
  captureBytes: {
    flag: 'capture-bytes', unit: 'bytes', default: 1 * GiB,
    description: 'largest capture file; beyond it recording continues in a new file that names the one before',
  },
  sseEventBytes: {
    flag: 'sse-event-bytes', unit: 'bytes', default: 16 * MiB,
    description: 'longest SSE event; an event that grows beyond it is recorded as head, tail, length and SHA-256',
  },
  sseLineBytes: {
    flag: 'sse-line-bytes', unit: 'bytes', default: 64 * MiB,
    description: 'longest SSE line a lane reads; beyond it the stream is treated as broken and the request fails (the default equals message-bytes, so by default message-bytes stops such a stream first)',
  },
  jsonDepth: {
    flag: 'json-depth', unit: 'levels', default: 1000,
    description: 'deepest JSON nesting parsed; deeper messages are recorded raw and reported, not parsed',
  },
  framesPerSecond: {
    flag: 'frames-per-second', unit: 'frames/s', default: 5000,
    description: 'most frames recorded per second per connection by the proxies and the tap; past it, notifications (MCP) and deltas (Realtime) are counted, not recorded, with a marker per second; answers and other events are always kept',
  },
};

/**
 * The resident memory a probe or proxy stays under against any server (a 1 GB answer, an endless
 * stream): measured by `npm run bench -- limits`.
 */
export const MEMORY_CEILING_BYTES = 512 * MiB;

export const DEFAULT_LIMITS: Limits = Object.fromEntries(LIMIT_NAMES.map((name) => [name, LIMITS[name].default])) as Limits;

/** The settings-file form: any subset of the limits, by their camelCase names; unknown keys are an error. */
export const LimitsSettings = z.object(Object.fromEntries(LIMIT_NAMES.map((name) => [name, z.number().int().positive().optional()])) as Record<LimitName, z.ZodOptional<z.ZodNumber>>).strict();
export type LimitsSettings = z.infer<typeof LimitsSettings>;

export class LimitValueError extends Error {
  override name = 'LimitValueError';
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: KiB, kb: KiB, kib: KiB, m: MiB, mb: MiB, mib: MiB, g: GiB, gb: GiB, gib: GiB };

/** "16MiB", "512k", "1g", "4096" as bytes (binary units: a debugger's limits are about memory). */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new LimitValueError(`${JSON.stringify(text)} is not a size; write a number of bytes, optionally with KiB, MiB or GiB (e.g. 16MiB)`);
  const bytes = Math.floor(Number(match[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new LimitValueError(`${JSON.stringify(text)} is not a positive size`);
  return bytes;
}

/** One `--limit name=value` flag, by its flag name or camelCase name. */
export function parseLimitFlag(text: string): [LimitName, number] {
  const equals = text.indexOf('=');
  const key = equals < 0 ? text : text.slice(0, equals);
  const name = LIMIT_NAMES.find((n) => n === key || LIMITS[n].flag === key);
  if (!name || equals < 0) {
    throw new LimitValueError(`--limit expects name=value with one of ${LIMIT_NAMES.map((n) => LIMITS[n].flag).join(', ')}; got ${JSON.stringify(text)}`);
  }
  const value = text.slice(equals + 1);
  if (LIMITS[name].unit === 'bytes') return [name, parseByteSize(value)];
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new LimitValueError(`--limit ${LIMITS[name].flag} expects a positive whole number, got ${JSON.stringify(value)}`);
  return [name, n];
}

/** Defaults, then each layer of overrides in order (settings file, then flags). */
export function resolveLimits(...layers: readonly (Partial<Limits> | undefined)[]): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const layer of layers) {
    for (const name of LIMIT_NAMES) {
      const value = layer?.[name];
      if (value !== undefined) limits[name] = value;
    }
  }
  return limits;
}

/** "16 MiB", "1 GiB", "300 bytes". */
export function formatLimit(name: LimitName, value: number): string {
  const unit = LIMITS[name].unit;
  if (unit !== 'bytes') return `${value} ${unit}`;
  for (const [size, label] of [[GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']] as const) {
    if (value >= size && value % (size / 4) === 0) return `${value / size} ${label}`;
  }
  return `${value} bytes`;
}

/** "400.0 MiB", "12.3 KiB", "17 bytes": for amounts that arrived, which are rarely round. */
export function approximateBytes(bytes: number): string {
  for (const [size, label] of [[GiB, 'GiB'], [MiB, 'MiB'], [KiB, 'KiB']] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(1)} ${label}`;
  }
  return `${bytes} bytes`;
}

/**
 * The meta envelope (`kind: "limit-exceeded"`) every limit hit leaves in the capture, linked to
 * the frame it concerns; the diagnosis turns each into a `capture.limit-exceeded` finding.
 */
export interface LimitHit {
  limit: LimitName;
  /** The limit's value when it was hit. */
  value: number;
  /** How much arrived (bytes, levels, frames/s), as far as it was counted. */
  observed: number;
  /** What Parallax did: "kept head/tail/hash", "stopped the step", "sampled". */
  action: string;
}

export const LimitHitMeta = z.object({
  kind: z.literal('limit-exceeded'),
  limit: z.enum(LIMIT_NAMES),
  value: z.number(),
  observed: z.number(),
  action: z.string(),
}).passthrough();

/** "frame 812 exceeded frame-bytes (16 MiB) with 400 MiB: kept head/tail/hash"; `subject` names what did, when not a frame by seq. */
export function describeLimitHit(hit: LimitHit, seq?: number, subject?: string): string {
  const what = subject ?? (seq === undefined ? 'a frame' : `frame ${seq}`);
  const observed = LIMITS[hit.limit].unit === 'bytes' ? approximateBytes(hit.observed) : `${hit.observed} ${LIMITS[hit.limit].unit}`;
  return `${what} exceeded ${LIMITS[hit.limit].flag} (${formatLimit(hit.limit, hit.value)}) with ${observed}: ${hit.action}`;
}

/** Thrown by a bounded reader when a limit stops it; the message names the limit. */
export class LimitExceededError extends Error {
  override name = 'LimitExceededError';
  constructor(readonly hit: LimitHit, subject?: string) {
    super(describeLimitHit(hit, undefined, subject));
  }
}
