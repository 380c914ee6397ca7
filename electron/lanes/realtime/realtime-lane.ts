import type { CaptureSink } from '../../../shared/capture/envelope';
import { resolveHostAddresses } from '../../net/host-addresses';
import type { Limits } from '../../../shared/capture/limits';
import type { HostedError, RealtimeResult } from '../../../shared/lanes/hosted-lane-result';
import {
  defaultSessionUpdate, localHostOf, mcpToolConfigFor, redactedServerDescription, type ServerDescription,
} from '../../../shared/lanes/server-description';
import { OpenAIErrorBodySchema } from '../../../shared/openai/openai-error';
import { RealtimeSessionEventSchema } from '../../../shared/openai/realtime-events';
import { WireRecorder } from '../inspector/wire-recorder';
import { redactingSink } from '../wire/redacting-sink';
import { StepLog, type ProgressListener } from '../wire/step-log';
import type { ApprovalDecider } from '../wire/tool-call-request';
import { ServerEventQueue } from './event-queue';
import { callMcpTool } from './mcp-call';
import { followMcpListings } from './mcp-listing';
import { RecordingRealtimeSocket } from './recording-socket';
import {
  clientEventId, defaultRealtimeTimeouts, describeApiError, errorOf, formatMs, noEventError, type RealtimeRun, type RealtimeTimeouts,
} from './realtime-run';

export const DEFAULT_REALTIME_MODEL = 'gpt-realtime';
export const DEFAULT_REALTIME_URL = `wss://api.openai.com/v1/realtime?model=${DEFAULT_REALTIME_MODEL}`;

export interface RealtimeLaneOptions {
  server: ServerDescription;
  /** The OpenAI key; null connects without one (an emulator, or to show the 401). */
  apiKey: string | null;
  /** Defaults to OpenAI's GA endpoint. */
  url?: string;
  /** Replaces the URL's `model` query parameter. */
  model?: string;
  /** The beta interface (`OpenAI-Beta: realtime=v1`, no `session.type`). */
  beta?: boolean;
  /** The user's own `session.update`, sent byte for byte; otherwise one is built from `server`. */
  sessionUpdate?: string;
  call?: { name: string; arguments: Record<string, unknown> };
  /** Answers approval requests; without it they are approved automatically. */
  approve?: ApprovalDecider;
  timeouts?: Partial<RealtimeTimeouts>;
  /** The lane's `conn` id, so several runs can share one capture. */
  conn?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** message-bytes (the socket's maxPayload), frame-bytes and json-depth; default DEFAULT_LIMITS. */
  limits?: Pick<Limits, 'frameBytes' | 'messageBytes' | 'jsonDepth'>;
}

/** The endpoint with `model` set, when a model is given. */
export function realtimeUrlFor(url: string, model: string | undefined): string {
  if (!model) return url;
  try {
    const parsed = new URL(url);
    parsed.searchParams.set('model', model);
    return parsed.href;
  } catch {
    return url; // The socket names the bad URL.
  }
}

function modelOf(url: string): string {
  try {
    return new URL(url).searchParams.get('model') ?? '(none)';
  } catch {
    return '(none)';
  }
}

/** `event_id` of a user's `session.update`, so an `error` naming it can be matched; their text is never changed. */
function eventIdOf(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'event_id' in value && typeof value.event_id === 'string') return value.event_id;
  } catch {
    // Sent anyway: reproducing the user's malformed event is the point.
  }
  return null;
}

function refusalMessage(status: number | undefined, body: string | undefined, fallback: string): string {
  if (body) {
    try {
      const parsed = OpenAIErrorBodySchema.safeParse(JSON.parse(body));
      if (parsed.success) return `${fallback}: ${describeApiError(parsed.data.error)}`;
    } catch {
      // Not OpenAI's JSON error body; the status says enough.
    }
  }
  return status === 401 ? `${fallback}: the API key is missing or wrong` : fallback;
}

/**
 * The Realtime lane: one WebSocket session configured with the server as an `mcp` tool, read the
 * way the API documents (tools from the `mcp_list_tools` item at `conversation.item.done`), with
 * every frame in both directions recorded under lane `realtime`. Never throws for the server's
 * or the API's fault: failures are in the result and the status steps.
 */
export async function runRealtimeLane(options: RealtimeLaneOptions, sink: CaptureSink): Promise<RealtimeResult> {
  const beta = options.beta ?? false;
  const endpoint = realtimeUrlFor(options.url ?? DEFAULT_REALTIME_URL, options.model);
  const timeouts: RealtimeTimeouts = { ...defaultRealtimeTimeouts, ...options.timeouts };
  const recorder = new WireRecorder(redactingSink(sink, [options.apiKey]), options.conn ?? 'realtime', 'realtime', options.limits ? { jsonDepth: options.limits.jsonDepth } : {});
  const steps = new StepLog(recorder, options.onProgress);
  const result: RealtimeResult = {
    lane: 'realtime', status: 'failed', endpoint, model: modelOf(endpoint), interface: beta ? 'beta' : 'ga',
    sessionUpdate: options.sessionUpdate !== undefined ? 'custom' : 'generated', steps: steps.steps, tools: [], listings: [],
  };
  const fail = (error: HostedError, step: Parameters<StepLog['step']>[0]): RealtimeResult => {
    result.error = error;
    steps.step(step, 'failed', error.message);
    recorder.meta('lane-error', { code: error.code, message: error.message });
    return finish();
  };
  const finish = (): RealtimeResult => {
    if (result.status !== 'skipped') result.status = result.error ? 'failed' : 'ok';
    recorder.meta('lane-result', { status: result.status, tools: result.tools.map((t) => t.name), ...(result.error ? { error: result.error.message } : {}) });
    return result;
  };

  recorder.meta('lane-config', {
    endpoint, interface: result.interface, sessionUpdate: result.sessionUpdate, apiKey: options.apiKey ? 'provided' : 'none',
    server: redactedServerDescription(options.server), ...(options.call ? { call: options.call.name } : {}),
  });

  let text: string;
  let updateEventId: string | null;
  if (options.sessionUpdate !== undefined) {
    text = options.sessionUpdate;
    updateEventId = eventIdOf(text);
  } else {
    const plan = mcpToolConfigFor(options.server);
    if (!plan.ok) {
      result.status = 'skipped';
      result.skipped = plan.reason;
      steps.step('connect', 'skipped', plan.reason);
      return finish();
    }
    updateEventId = clientEventId('session');
    text = JSON.stringify(defaultSessionUpdate(plan.config, { beta, eventId: updateEventId }));
  }
  // OpenAI resolves the name from the public Internet; what it resolves to here shows a private-only name.
  const resolved = options.server.url !== undefined ? await resolveHostAddresses(options.server.url) : null;
  if (resolved) recorder.meta('server-address', { ...resolved });
  const local = options.server.url !== undefined ? localHostOf(options.server.url) : null;
  if (local && /(^|\.)openai\.com$/i.test(safeHost(endpoint))) {
    recorder.meta('warning', { message: `OpenAI's servers cannot reach ${local}; expect mcp_list_tools.failed unless the server is behind a public tunnel` });
  }

  steps.step('connect', 'running', `connecting to ${endpoint}`);
  const opened = await RecordingRealtimeSocket.open({ url: endpoint, apiKey: options.apiKey, beta, handshakeTimeoutMs: timeouts.handshakeMs, signal: options.signal, ...(options.limits ? { limits: options.limits } : {}) }, recorder);
  if (!opened.ok) {
    const code = opened.aborted ? 'aborted' : opened.status === 401 || opened.status === 403 ? 'unauthorized' : opened.status === undefined && opened.message.startsWith('bad Realtime URL') ? 'bad-input' : 'connect-failed';
    return fail({ code, message: refusalMessage(opened.status, opened.body, opened.message), evidence: opened.evidence }, 'connect');
  }
  const socket = opened.socket;
  const queue = new ServerEventQueue((seq, frame) => {
    recorder.meta('invalid-event', { reason: 'not a JSON object with a string "type"', preview: frame.slice(0, 120) }, { seq });
  }, options.signal);
  socket.listen((frame, seq) => queue.push(frame, seq), (code, reason, cut) => queue.close(code, reason, cut));
  const run: RealtimeRun = { socket, queue, recorder, steps, beta, timeouts };
  steps.step('connect', 'ok', 'connected');

  try {
    const configured = await configureSession(run, text, updateEventId);
    if ('error' in configured) return fail(configured.error, 'session-update');
    steps.step('session-update', 'ok', 'session updated');

    const listing = await followMcpListings(run, configured.labels);
    result.listings = listing.listings;
    result.tools = listing.tools;
    if (listing.error) return fail(listing.error, 'list-tools');
    steps.step('list-tools', 'ok', `listed ${listing.tools.length} tools`, listing.tools.length);

    if (options.call) {
      const owner = listing.listings.find((l) => l.tools.some((t) => t.name === options.call?.name));
      if (!owner) {
        result.call = { name: options.call.name, serverLabel: options.server.label, arguments: JSON.stringify(options.call.arguments), status: 'not-called', detail: `"${options.call.name}" is not among the ${listing.tools.length} tools this lane listed`, evidence: [] };
        steps.step('call-tool', 'skipped', result.call.detail ?? '');
      } else {
        const outcome = await callMcpTool(run, { serverLabel: owner.serverLabel, ...options.call }, options.approve ?? null);
        result.call = outcome.call;
        // As in the Inspector lane, a failed call is a finding about the tool, not a failed lane.
        if (outcome.error) steps.step('call-tool', 'failed', outcome.error.message);
      }
    }
    return finish();
  } finally {
    await closeSocket(run);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Waits for `session.created`, sends the `session.update` text and reads the answer; returns the MCP labels the session now has. */
async function configureSession(run: RealtimeRun, text: string, eventId: string | null): Promise<{ labels: string[] } | { error: HostedError }> {
  const { queue, timeouts } = run;
  for (let deadline = Date.now() + timeouts.sessionMs; ;) {
    const next = await queue.next(deadline);
    if (next.kind !== 'event') return { error: noEventError(next, 'session.created', timeouts.sessionMs) };
    if (next.event.type === 'session.created') break;
    const error = errorOf(next.event);
    if (error) return { error: { code: 'api-error', message: `error before session.created: ${describeApiError(error)}`, evidence: [next.seq] } };
  }
  run.steps.step('session-update', 'running', 'session.update sent');
  const sentSeq = run.socket.send(text);
  for (let deadline = Date.now() + timeouts.sessionMs; ;) {
    const next = await queue.next(deadline);
    if (next.kind !== 'event') return { error: noEventError(next, 'session.updated', timeouts.sessionMs) };
    const error = errorOf(next.event);
    if (error && (eventId === null || error.event_id === eventId || !error.event_id)) {
      return { error: { code: 'session-rejected', message: `session.update rejected: ${describeApiError(error)}`, evidence: [sentSeq, next.seq] } };
    }
    if (next.event.type !== 'session.updated') continue;
    const session = RealtimeSessionEventSchema.safeParse(next.event);
    const tools = session.success ? session.data.session.tools ?? [] : [];
    const labels = tools.filter((t) => t.type === 'mcp').map((t) => String((t as { server_label?: unknown }).server_label ?? ''));
    if (labels.length === 0) {
      return { error: { code: 'no-mcp-tool', message: 'session.updated lists no mcp tool, so the API will not list any MCP server (check session.tools in the session.update)', evidence: [sentSeq, next.seq] } };
    }
    return { labels };
  }
}

async function closeSocket(run: RealtimeRun): Promise<void> {
  const closing = run.socket.close();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), run.timeouts.closeMs);
  });
  const late = await Promise.race([closing.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    run.recorder.meta('close-timeout', { message: `no close frame from the server within ${formatMs(run.timeouts.closeMs)}; connection dropped` });
    run.socket.terminate();
    await closing;
  }
}

/** The Realtime endpoint beside a Responses base URL: `http://host/v1` -> `ws://host/v1/realtime?model=...`. */
export function realtimeUrlFromBase(baseUrl: string, model = DEFAULT_REALTIME_MODEL): string {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/realtime`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  url.searchParams.set('model', model);
  return url.href;
}
