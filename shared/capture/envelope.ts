import { z } from 'zod';
import type { SideBodies } from './side-body';

/**
 * The native capture format: JSON Lines, a header line, then one envelope per wire event.
 * `raw` is always the untouched text as it crossed the wire; everything else is metadata that
 * helps find and pair it. See docs/capture-format.md for the per-layer rules.
 */

export const CAPTURE_FORMAT = 'mcp-parallax-capture';
export const CAPTURE_VERSION = 1;

/** The points of view. `server` is the recording reverse proxy; `client` is the user's own Realtime client through the tap. */
export const LaneId = z.enum(['inspector', 'era', 'playground', 'realtime', 'server', 'client', 'claude']);
export type LaneId = z.infer<typeof LaneId>;

export const Layer = z.enum(['http', 'sse', 'ws', 'jsonrpc', 'stdio', 'stderr', 'meta']);
export type Layer = z.infer<typeof Layer>;

/** Relative to the lane's client: `out` is client to server, `in` is server to client. */
export const Direction = z.enum(['out', 'in']);
export type Direction = z.infer<typeof Direction>;

/** Header pairs in wire order; a list, not a map, so repeated headers and their order survive. */
export const HeaderList = z.array(z.tuple([z.string(), z.string()]));
export type HeaderList = z.infer<typeof HeaderList>;

export const HttpMeta = z.object({
  /** Groups every envelope of one HTTP exchange (request, response head, body or SSE events, end). */
  exchange: z.string(),
  /**
   * request: raw is the request body (may be empty), with method, url, headers.
   * response: raw is empty, with status, statusText, headers.
   * body: on an `http` envelope, raw is the whole response body of a non-streaming response;
   * on an `sse` envelope, raw is one event of a streamed body (see Envelope.layer).
   * end: the exchange finished (raw empty); error: it failed (raw is the error message).
   * A WebSocket's opening handshake is an exchange too: GET with Upgrade, then 101, on the socket's conn.
   */
  phase: z.enum(['request', 'response', 'body', 'end', 'error']),
  method: z.string().optional(),
  url: z.string().optional(),
  status: z.number().int().optional(),
  statusText: z.string().optional(),
  headers: HeaderList.optional(),
  /** ms since the exchange's request envelope, for HAR timings. */
  elapsed: z.number().optional(),
});
export type HttpMeta = z.infer<typeof HttpMeta>;

export const WsMeta = z.object({
  /** text or binary message (raw base64, `encoding: "base64"`), or the close handshake (raw is the reason). */
  kind: z.enum(['text', 'binary', 'close']),
  code: z.number().int().optional(),
});

export const Link = z.object({
  /** The HTTP exchange that carried this message (jsonrpc over HTTP or SSE). */
  exchange: z.string().optional(),
  /** `seq` of the envelope whose raw bytes held this message (an sse event, a stdio line, a body). */
  carrier: z.number().int().optional(),
});

export const Envelope = z.object({
  seq: z.number().int().positive(),
  /** ms since the Unix epoch, fractional allowed. */
  t: z.number(),
  lane: LaneId,
  /** A connection within the lane: one MCP client session, one Realtime socket, one Responses request. */
  conn: z.string(),
  /**
   * http: one phase of an exchange (HttpMeta). sse: one event block of a streamed body, raw the
   * exact bytes including its blank-line terminator, `incomplete` for a trailing partial event.
   * jsonrpc: one JSON-RPC message, linked to the envelope that carried it. ws: one message or the
   * close. stdio: one stdin (out) or stdout (in) line, newline included. stderr: a chunk of the
   * server's stderr. meta: JSON with a `kind` (MetaEvent). docs/capture-format.md has the details.
   */
  layer: Layer,
  dir: Direction,
  raw: z.string(),
  /** `base64` when raw holds bytes that were not valid UTF-8. */
  encoding: z.enum(['utf8', 'base64']).optional(),
  /** Byte length of the original payload, before any truncation. */
  size: z.number().int().nonnegative().optional(),
  http: HttpMeta.optional(),
  ws: WsMeta.optional(),
  link: Link.optional(),
  /** For an sse envelope: the stream ended in the middle of this event. */
  incomplete: z.boolean().optional(),
  /** raw holds only a prefix of the payload (size says how big it was). */
  truncated: z.boolean().optional(),
  /** Secrets in raw or headers were replaced with a placeholder. */
  redacted: z.boolean().optional(),
  /** Payload larger than the journal's large-payload threshold (default 1 MiB), kept whole: the UI previews before showing all. */
  large: z.boolean().optional(),
  /**
   * A limit was exceeded (with `truncated` and `size`): raw holds the payload's head and tail,
   * `raw.slice(0, head)` opens it and the rest ends it; sha256 is of the whole payload's bytes;
   * `file` names the side file holding it whole, when the user asked for one (relative to the
   * capture's folder), `fileSize` and `fileSha256` what that file holds (less, when it stopped early).
   */
  clip: z.object({
    head: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/),
    file: z.string().optional(), fileSize: z.number().int().nonnegative().optional(), fileSha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  }).optional(),
});
export type Envelope = z.infer<typeof Envelope>;

/**
 * Meta envelopes (layer `meta`) hold JSON in raw: what a lane decided or observed that is not
 * itself wire traffic, such as a status step or why a transport was chosen. `kind` names it.
 */
export const MetaEvent = z.object({ kind: z.string() }).passthrough();
export type MetaEvent = z.infer<typeof MetaEvent>;

/** One lane's configuration as recorded in the header: secrets already removed. */
export const LaneConfigRecord = z.object({
  lane: LaneId,
  conn: z.string().optional(),
  server: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

/** Formats Parallax converts into a capture on open (see docs/capture-format.md, Importing). */
export const ImportFormat = z.enum(['har', 'jsonrpc-log']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** Set when the capture was converted from another format rather than recorded by Parallax. */
export const ImportOrigin = z.object({
  format: ImportFormat,
  /** The imported file's name (no directory). */
  file: z.string(),
  /** What the conversion left out or had to guess, in the user's terms. */
  notes: z.array(z.string()).optional(),
});
export type ImportOrigin = z.infer<typeof ImportOrigin>;

/** How a later file of a rotated recording names the ones before it (see capture-parts.ts). */
export const CapturePartLink = z.object({
  first: z.string(),
  previous: z.string(),
  /** 2 for the second file, and so on. */
  part: z.number().int().min(2),
});
export type CapturePartLink = z.infer<typeof CapturePartLink>;

/** A place where the arguments broke the tool's inputSchema: a JSON Pointer and what is wrong there. */
const AskedProblem = z.object({ path: z.string(), message: z.string() });

/**
 * What the user asked the Call pane (or `parallax call|read|prompt`) to run, as they asked it, so
 * the capture can be re-run: the tool and its arguments, or the resources/prompts requests, and the
 * lanes. Never headers or tokens (those stay in the engine's setup). `invalid` marks arguments the
 * engine found not to fit the tool's inputSchema and that were sent anyway, on purpose.
 * `omitted` says the arguments (or params) were too big for a header and were left out (their bytes).
 */
export const AskedCall = z.object({
  kind: z.literal('tools/call'),
  tool: z.string().min(1).max(1000),
  arguments: z.record(z.string(), z.unknown()),
  lanes: z.array(LaneId).min(1),
  invalid: z.array(AskedProblem).max(100).optional(),
  omitted: z.number().int().nonnegative().optional(),
});
export const AskedRequests = z.object({
  kind: z.literal('requests'),
  requests: z.array(z.object({ method: z.string().min(1).max(200), params: z.record(z.string(), z.unknown()) })).min(1).max(10),
  lanes: z.array(LaneId).min(1),
  omitted: z.number().int().nonnegative().optional(),
});
export const AskedRecord = z.discriminatedUnion('kind', [AskedCall, AskedRequests]);
export type AskedRecord = z.infer<typeof AskedRecord>;

export const CaptureHeader = z.object({
  format: z.literal(CAPTURE_FORMAT),
  version: z.number().int().positive(),
  app: z.object({ name: z.string(), version: z.string() }),
  createdAt: z.string(),
  lanes: z.array(LaneConfigRecord),
  /** Set when the capture came from the local emulator rather than OpenAI's servers. */
  emulated: z.boolean().optional(),
  note: z.string().optional(),
  imported: ImportOrigin.optional(),
  /**
   * Set on every file of a recording after its first: the recording reached `capture-bytes` and
   * went on in this file. `first` and `previous` are file names (no directory) in the same folder.
   */
  continues: CapturePartLink.optional(),
  /** Set when the run was one call, read or get the user asked for: what to run again. */
  asked: AskedRecord.optional(),
});
export type CaptureHeader = z.infer<typeof CaptureHeader>;

/** Where an engine component hands envelopes: the journal, a live view, or both. seq and t are assigned by the sink. */
export interface CaptureSink {
  record(envelope: Omit<Envelope, 'seq' | 't'> & { t?: number }): Envelope;
  /** Only when the user asked to keep whole bodies: where a frame past frame-bytes is streamed whole. */
  readonly sideBodies?: SideBodies;
}
