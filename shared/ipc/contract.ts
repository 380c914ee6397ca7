import { z } from 'zod';
import { Envelope, LaneId } from '../capture/envelope';
import { LimitsSettings } from '../capture/limits';
import { FrameSummary } from '../frames/summary';
import { ProbeSetup } from '../lanes/probe-setup';
import { DemoServerId } from '../lanes/demo-servers';
import { DiagnosisReport } from './diagnosis-report';
import { bundleRequests } from './bundles';
import { proxyRequests } from './proxies';
import { callRequests, ConnectionState, ElicitationRequested, QuestionEnded, SamplingRequested } from './calls';
import { compareRequests } from './compare';
import { consoleRequests } from './console';
import { LaneState, SessionInfo } from './session-info';

export { FrameSummary, LaneState, SessionInfo };

/**
 * The one contract between the UI and the engine. Electron's preload and the browser host both
 * expose exactly these requests and events; each side validates with these schemas, so a
 * compromised or buggy peer cannot push an unexpected shape through.
 */

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the engine runs: inside Electron's main process, or the Node browser host. */
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  arch: z.string(),
  pid: z.number().int(),
  versions: z.object({
    node: z.string(),
    electron: z.string().nullable(),
    chrome: z.string().nullable(),
  }),
  startedAt: z.number(),
  /** The host can show native file dialogs (Electron); a browser uses a path field or an upload instead. */
  nativeDialogs: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const PingRequest = z.object({ text: z.string().max(10_000) }).strict();
export const PingResponse = z.object({
  text: z.string(),
  receivedAt: z.number(),
  /** How many requests this engine has answered since it started, this one included. */
  served: z.number().int(),
});

const Empty = z.object({}).strict();

export const FramesRequest = z.object({
  sessionId: z.string(),
  /** Index into the filtered view, not a seq. */
  start: z.number().int().nonnegative(),
  count: z.number().int().positive().max(5000),
  filter: z.string().max(2000).default(''),
  /** Replay: only the session's first `limit` rows (in capture order) have been played so far. */
  limit: z.number().int().nonnegative().optional(),
}).strict();

export const FramesResponse = z.object({
  sessionId: z.string(),
  /** Rows matching the filter across the whole session. */
  matched: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  start: z.number().int(),
  rows: z.array(FrameSummary),
  filterErrors: z.array(z.string()),
});

export const EnvelopeRequest = z.object({ sessionId: z.string(), seq: z.number().int().positive() }).strict();
export const EnvelopeResponse = z.object({
  envelope: Envelope,
  summary: FrameSummary,
  /** Other envelopes of the same HTTP exchange, in order (request, response, body/events, end). */
  exchangeSeqs: z.array(z.number().int()),
});

/** A page of a clipped frame's side file (`--keep-whole-bodies`), read on demand by the engine. */
export const SideBodyRequest = z.object({ sessionId: z.string(), seq: z.number().int().positive(), offset: z.number().int().nonnegative().default(0) }).strict();
export const SideBodyPage = z.object({
  /** As the frame names it, relative to the capture's folder. */
  file: z.string(),
  /**
   * `verified`: the file's SHA-256 is the one recorded; `mismatch`: the file changed since; `missing`:
   * no such file beside the capture; `refused`: the name leaves the capture's side folder.
   */
  status: z.enum(['verified', 'mismatch', 'missing', 'refused']),
  /** The status in words, for the user. */
  detail: z.string(),
  fileSize: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** Up to one page of the file from `offset`, as UTF-8, ending on a whole character. */
  text: z.string(),
  /** Where the next page starts; null at the end of the file. */
  nextOffset: z.number().int().nonnegative().nullable(),
});
export type SideBodyPage = z.infer<typeof SideBodyPage>;

export const KeyStatusResponse = z.object({ status: z.enum(['set', 'env', 'missing']) });
/** Whose key: OpenAI's (Playground, Realtime) or Anthropic's (the Claude lane). */
export const KeyProvider = z.enum(['openai', 'anthropic']);
export type KeyProvider = z.infer<typeof KeyProvider>;
const KeyRequest = z.object({ provider: KeyProvider.default('openai') }).strict();

/** A hosted lane wants the user to approve one MCP tool call (setup.approval = "ask"). */
export const ApprovalRequested = z.object({
  id: z.string(),
  lane: LaneId,
  serverLabel: z.string(),
  name: z.string(),
  /** The call's arguments as the API reported them (JSON text). */
  arguments: z.string(),
});
export type ApprovalRequested = z.infer<typeof ApprovalRequested>;

export const IndexOfSeqRequest = z.object({ sessionId: z.string(), seq: z.number().int().positive(), filter: z.string().max(2000).default(''), limit: z.number().int().nonnegative().optional() }).strict();

/** Times (`t`) of the session's rows [start, start + count) in capture order, unfiltered: replay schedules by them. */
export const FrameTimesRequest = z.object({ sessionId: z.string(), start: z.number().int().nonnegative(), count: z.number().int().positive().max(5000) }).strict();

export const requests = {
  getAppInfo: { request: Empty, response: AppInfo },
  ping: { request: PingRequest, response: PingResponse },
  getSession: { request: Empty, response: SessionInfo },
  getFrames: { request: FramesRequest, response: FramesResponse },
  getEnvelope: { request: EnvelopeRequest, response: EnvelopeResponse },
  /** A page of a clipped frame's side file, its SHA-256 checked against the frame's (SideBodyPage). */
  readSideBody: { request: SideBodyRequest, response: SideBodyPage },
  /** Opens a .parallax or .parallax.gz capture as the current session (replay). */
  openCapture: { request: z.object({ path: z.string().min(1).max(4096) }).strict(), response: SessionInfo },
  /** Shows the native Open dialog and opens the chosen capture; null when the user cancelled. */
  openCaptureDialog: { request: Empty, response: SessionInfo.nullable() },
  /**
   * Saves the current session's capture: to `path`, else through the Save dialog (null when
   * cancelled), else (browser host) into the data directory's exports folder, served for download.
   */
  saveCapture: {
    request: z.object({ path: z.string().min(1).max(4096).optional() }).strict(),
    response: z.object({ path: z.string(), bytes: z.number().int(), download: z.string().nullable() }).nullable(),
  },
  /** The app's settings file (`<data dir>/settings.json`, the CLI's `--settings` format): the limits it sets, or why it cannot be used. */
  getAppSettings: { request: Empty, response: z.object({ path: z.string(), limits: LimitsSettings, error: z.string().optional() }) },
  getRecentCaptures: { request: Empty, response: z.object({ captures: z.array(z.object({ path: z.string(), openedAt: z.number(), title: z.string() })) }) },
  /**
   * Runs the chosen lanes against the server as a new live session, journaled to disk
   * (electron/engine/probe-session.ts; the lanes are those in electron/probe/lanes.ts).
   */
  startProbe: { request: z.object({ setup: ProbeSetup }).strict(), response: SessionInfo },
  stopProbe: { request: Empty, response: z.object({ stopped: z.boolean() }) },
  /**
   * Starts a demo fixture server (the seed unless `server` names another, shared/lanes/demo-servers.ts)
   * and the local OpenAI emulator (each once; they live as long as the engine) and answers the
   * setup that probes them.
   */
  startDemo: { request: z.object({ server: DemoServerId.optional() }).strict(), response: z.object({ setup: ProbeSetup }) },
  /** Why the lanes differ: verdict, findings with evidence, tool matrix (shared/diagnosis, same code as `parallax diagnose`). */
  getDiagnosis: { request: z.object({ sessionId: z.string() }).strict(), response: DiagnosisReport },
  /** Where a seq sits in a filtered view (-1 when filtered out), to scroll evidence into view. */
  indexOfSeq: { request: IndexOfSeqRequest, response: z.object({ index: z.number().int() }) },
  /** Row times for replay's clock (FrameTimesRequest); `t` is shorter than `count` at the end of the session. */
  getFrameTimes: { request: FrameTimesRequest, response: z.object({ start: z.number().int(), t: z.array(z.number()), total: z.number().int().nonnegative() }) },
  /** Whether the provider's key was entered in the app (`set`), comes from OPENAI_API_KEY / ANTHROPIC_API_KEY (`env`) or is `missing`. Never the key. */
  getKeyStatus: { request: KeyRequest, response: KeyStatusResponse },
  /** Stores the provider's key (write-only: no request ever returns it; the engine keeps it from the UI after this). */
  setApiKey: { request: z.object({ key: z.string().min(1).max(1000), provider: KeyProvider.default('openai') }).strict(), response: KeyStatusResponse },
  /** Forgets the provider's key entered in the app (its environment variable, if set, applies again). */
  clearApiKey: { request: KeyRequest, response: KeyStatusResponse },
  /** The user's answer to an `approvalRequested` event; `answered` is false when that request is no longer waiting. */
  answerApproval: { request: z.object({ id: z.string().max(200), approve: z.boolean() }).strict(), response: z.object({ answered: z.boolean() }) },
  /** Bug-report bundles: previewBundle, exportBundle (shared/ipc/bundles.ts). */
  ...bundleRequests,
  /** Recording proxies: startProxy, stopProxy, listProxies (shared/ipc/proxies.ts). */
  ...proxyRequests,
  /** The Call pane: checkArguments, callTool, sendMcpRequests, the open connection, answerElicitation, answerSampling (shared/ipc/calls.ts). */
  ...callRequests,
  /** The Console tab of a stdio server: getConsole, restartProbe (shared/ipc/console.ts). */
  ...consoleRequests,
  /** The Compare view: compareCaptures (shared/ipc/compare.ts). */
  ...compareRequests,
} as const;

export const events = {
  /** A line for the engine console (warnings, lifecycle), not wire traffic. */
  engineLog: z.object({
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    t: z.number(),
  }),
  /** The session changed: a new one began, a lane moved on, a load progressed. */
  sessionChanged: SessionInfo,
  /** Frames were appended to the live session; the UI fetches the rows it shows. Throttled. */
  framesAppended: z.object({ sessionId: z.string(), total: z.number().int() }),
  /** The menu or the OS asked the UI to do something (File > Open Capture, a double-clicked file). */
  menuCommand: z.object({
    command: z.enum(['openCapture', 'saveCaptureAs', 'exportBundle', 'showAbout', 'showShortcuts']),
    path: z.string().optional(),
  }),
  /** A running probe waits for the user to approve or deny a tool call (answer with `answerApproval`). */
  approvalRequested: ApprovalRequested,
  /** A server asks the user something mid-run (elicitation/create); answer with `answerElicitation`. */
  elicitationRequested: ElicitationRequested,
  /** A server asks for a model's reply mid-run (sampling/createMessage); answer with `answerSampling`. */
  samplingRequested: SamplingRequested,
  /** A question from a server ended unanswered (timed out, withdrawn by the server, run stopped); the UI takes it down. */
  questionEnded: QuestionEnded,
  /** The Call pane's open connection opened or closed (and why). */
  connectionChanged: ConnectionState,
} as const;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestOf<K extends RequestName> = z.input<(typeof requests)[K]['request']>;
export type ResponseOf<K extends RequestName> = z.output<(typeof requests)[K]['response']>;
export type EventOf<K extends EventName> = z.output<(typeof events)[K]>;

export const requestNames = Object.keys(requests) as RequestName[];
export const eventNames = Object.keys(events) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** Electron channel names; the browser host carries the bare names inside its frames. */
export const requestChannel = (name: RequestName): string => `parallax:request:${name}`;
export const eventChannel = (name: EventName): string => `parallax:event:${name}`;

/** Every answer crosses the boundary as a result object: Electron mangles thrown errors. */
export const WireError = z.object({
  code: z.enum(['invalid_request', 'unknown_request', 'forbidden', 'engine_error', 'invalid_response', 'disconnected']),
  message: z.string(),
});
export type WireError = z.infer<typeof WireError>;
export const WireResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
export type WireResult = z.infer<typeof WireResult>;

/** The shape preload puts on `window.parallax` and the browser transport imitates. */
export type ParallaxBridge = {
  [K in RequestName]: (payload: RequestOf<K>) => Promise<WireResult>;
} & {
  /** Electron only: the file-system path of a dropped file (Electron no longer puts it on File). */
  pathForFile?: (file: unknown) => string;
} & {
  [K in EventName as `on${Capitalize<K>}`]: (listener: (payload: unknown) => void) => () => void;
};

export const eventListenerName = <K extends EventName>(name: K): `on${Capitalize<K>}` =>
  `on${name.charAt(0).toUpperCase()}${name.slice(1)}` as `on${Capitalize<K>}`;
