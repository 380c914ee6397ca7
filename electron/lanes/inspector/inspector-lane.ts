import { CLIENT_CAPABILITIES_META_KEY, PROTOCOL_VERSION_META_KEY, SERVER_INFO_META_KEY, type McpSubscription, type Root, type StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { CaptureSink } from '../../../shared/capture/envelope';
import { resolveLimits, type Limits } from '../../../shared/capture/limits';
import type { McpClientLaneId } from '../../../shared/lanes/inspector-result';
import type {
  CapabilityProfile, Handshake, InspectorError, InspectorResult, InspectorTransport, LaneRequest, Negotiation, Step, ToolCall, ToolListing, TransportRequest,
} from '../../../shared/lanes/inspector-result';
import { droppedIn, FIRST_SESSIONLESS_REVISION, sessionlessRevisions, UNSUPPORTED_PROTOCOL_VERSION, versionRefusalOf, type ProtocolRequest, type VersionRefusal } from '../../../shared/lanes/protocol-revision';
import { describeAuthChallenge } from './auth-challenge';
import type { UserAnswers } from './client-capabilities';
import { CLIENT_INFO, openConnection, type Connection, type ConnectionSettings } from './connection';
import { classifyConnectFailure, errorMessage, isNegotiationFailure, explainConnectFailure, explainRequestFailure, failingStatus, processExit, withDeadline } from './failure';
import { refuseTooDeep } from './depth-guard';
import { evidenceOf, rejectionGuard } from './lane-guard';
import { listAllTools } from './list-tools';
import { startLaneOAuth, type LaneOAuth } from './oauth/lane-oauth';
import { oauthSettingSecrets, type OAuthSettings } from './oauth/oauth-settings';
import { oauthRedactingSink } from '../wire/redacting-sink';
import { redactHeaders } from './redact';
import type { OpenConnection, RootsUpdate } from './open-connection';
import { sendLaneRequest } from './requests';
import { ResourceListen } from './resource-listen';
import { callAsTask, connectionSender, mustRunAsTask } from './task-call';
import { describeTarget, type ServerTarget } from './server-target';
import { WireRecorder } from './wire-recorder';

/** Every part of the client records as `inspector`; a second run of it is filed under its own lane here, in one place. */
function relanedSink(sink: CaptureSink, lane: McpClientLaneId): CaptureSink {
  return { record: (input) => sink.record({ ...input, lane }), ...(sink.sideBodies ? { sideBodies: sink.sideBodies } : {}) };
}

export interface InspectorLaneOptions {
  target: ServerTarget;
  /** Which lane records the run: `era` is the same client again at the revision chosen to compare with. */
  lane?: McpClientLaneId;
  transport?: TransportRequest;
  /** Extra HTTP headers, in order ("K: V" pairs from the user). */
  headers?: [string, string][];
  /** Sent as `Authorization: Bearer <token>`; kept out of meta events and results. */
  bearerToken?: string;
  capabilities?: CapabilityProfile;
  /** Answers the server's elicitation and sampling requests (with capabilities "all"); declined or refused without them. */
  answers?: UserAnswers;
  /** What `roots/list` answers (with capabilities "all"). */
  roots?: Root[];
  /** Which MCP revision to speak (default legacy: plain initialize, the SDK's own default). */
  protocol?: ProtocolRequest;
  /** Log in with OAuth when the server asks (HTTP only); without it a 401 ends the run with what discovery found. */
  oauth?: OAuthSettings;
  /** Call this tool once after listing. */
  call?: { name: string; arguments: Record<string, unknown> };
  /** Send these requests once, in order, after listing (and the call); see requests.ts. */
  requests?: LaneRequest[];
  /** List tools after connecting (default true); off for a server that offers only resources or prompts. */
  listTools?: boolean;
  /** Stay connected after listing and send what the user asks on it until they close it (the Call pane's open connection). */
  connection?: OpenConnection;
  maxPages?: number;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  shutdownGraceMs?: number;
  /** 2026-07-28 only: how long the listen stream is kept open after the listing for a list_changed (best effort). */
  listenSettleMs?: number;
  /** Re-list at most this many times on notifications/tools/list_changed (a server could ask forever). */
  maxRelists?: number;
  /** Prefix for the lane's `conn` ids, so several runs can share one capture. */
  connPrefix?: string;
  /** The named limits to change (what is kept of each frame, the largest and deepest message read); the rest keep their defaults. */
  limits?: Partial<Limits>;
  signal?: AbortSignal;
}

/** HTTP statuses on the initialize POST that mean "not Streamable HTTP here": the spec's cue to try legacy SSE. */
const FALLBACK_STATUSES = new Set([400, 404, 405]);
const RawResult = z.looseObject({});
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function transportsToTry(requested: TransportRequest, target: ServerTarget): InspectorTransport[] | string {
  if (target.kind === 'stdio') {
    return requested === 'auto' || requested === 'stdio' ? ['stdio'] : `--transport ${requested} needs an http(s) URL, but the server is a stdio command`;
  }
  if (requested === 'stdio') return '--transport stdio needs "stdio:<command line>" as the server, not a URL';
  return requested === 'auto' ? ['streamable-http', 'sse'] : [requested];
}

/**
 * Runs the Inspector lane once: connect (with the spec's Streamable-HTTP-to-SSE fallback under
 * `auto`), handshake, list every page of tools, optionally call one tool, re-list on
 * list_changed, shut down cleanly. Everything on the wire goes to `sink` under lane `inspector`;
 * the result cites it by seq. Never throws for a server's fault: failures are in the result.
 */
export async function runInspectorLane(options: InspectorLaneOptions, given: CaptureSink): Promise<InspectorResult> {
  const laned = options.lane && options.lane !== 'inspector' ? relanedSink(given, options.lane) : given;
  // Tokens, codes and client secrets appear mid-run: the lane's whole recording learns and removes them.
  const sink = options.oauth ? oauthRedactingSink(laned, oauthSettingSecrets(options.oauth)) : laned;
  const oauth = options.oauth && options.target.kind === 'http'
    ? await startLaneOAuth(options.oauth, options.target.url, sink, options.connPrefix ?? 'inspector', options.signal)
    : undefined;
  // Stopping the run (or a new one replacing it) ends the open connection, so the lane stops waiting for requests.
  const stopped = () => options.connection?.end(new Error('the run was stopped, which closed the connection'));
  options.signal?.addEventListener('abort', stopped, { once: true });
  try {
    return await runLane(options, sink, oauth);
  } finally {
    options.signal?.removeEventListener('abort', stopped);
    options.connection?.end(new Error('the connection is closed'));
    await oauth?.close();
  }
}

async function runLane(options: InspectorLaneOptions, sink: CaptureSink, oauth: LaneOAuth | undefined): Promise<InspectorResult> {
  const prefix = options.connPrefix ?? 'inspector';
  const requested = options.transport ?? 'auto';
  const capabilities = options.capabilities ?? 'none';
  const protocol = options.protocol ?? 'legacy';
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  const laneLog = new WireRecorder(sink, prefix);
  const recorders: WireRecorder[] = [];
  const result: InspectorResult = {
    lane: options.lane ?? 'inspector', status: 'failed', target: describeTarget(options.target), transportRequested: requested, protocolRequested: protocol,
    attempts: [], steps: [], tools: [], listings: [], invalidFrames: [],
  };
  const step = (name: Step['name'], status: Step['status'], startedAt: number, detail?: string) => {
    const seq = laneLog.meta('step', { name, status, ...(detail ? { detail } : {}) });
    result.steps.push({ name, status, startedAt, endedAt: Date.now(), seq, ...(detail ? { detail } : {}) });
  };
  const fail = (code: InspectorError['code'], message: string, evidence: number[] = []) => {
    result.error = { code, message, evidence };
    laneLog.meta('lane-error', { code, message });
  };
  const finish = () => {
    result.invalidFrames = recorders.flatMap((r) => r.invalidFrames);
    result.status = result.error ? 'failed' : 'ok';
    laneLog.meta('lane-result', { status: result.status, transport: result.transport ?? null, tools: result.tools.map((t) => t.tool.name) });
    return result;
  };

  const headers: [string, string][] = [...(options.headers ?? [])];
  if (options.bearerToken) headers.push(['Authorization', `Bearer ${options.bearerToken}`]);
  laneLog.meta('lane-config', {
    target: result.target, transport: requested, protocol, capabilities, headers: redactHeaders(headers),
    ...(options.target.kind === 'stdio' ? { cwd: options.target.cwd ?? null, envNames: Object.keys(options.target.env ?? {}) } : {}),
  });

  const plan = transportsToTry(requested, options.target);
  if (typeof plan === 'string') {
    fail('bad-input', plan);
    return finish();
  }
  let roots: readonly Root[] = options.roots ?? [];
  const settings: ConnectionSettings = { target: options.target, headers, capabilities, protocol, shutdownGraceMs: options.shutdownGraceMs ?? 2000, ...(oauth ? { oauth: oauth.session } : {}), ...(options.answers ? { answers: options.answers } : {}), roots: () => roots, limits: resolveLimits(options.limits) };

  // Connect, trying each planned transport in turn.
  let connection: Connection | undefined;
  let relists = 0;
  let closing = false;
  let listingChain: Promise<void> = Promise.resolve();
  const listing = (trigger: ToolListing['trigger']) => {
    listingChain = listingChain.then(async () => {
      if (!connection) return;
      const started = Date.now();
      const guard = rejectionGuard(connection.recorder, options.signal);
      let walk: ToolListing;
      try {
        walk = await listAllTools(connection.client, connection.recorder, { trigger, maxPages: options.maxPages ?? 100, timeoutMs, signal: guard.signal });
      } catch (error) {
        // listAllTools reports a server's faults in the listing; reaching here is a bug of ours, still kept out of the way of the rest of the run.
        step('list-tools', 'failed', started, `internal error while listing: ${errorMessage(error)}`);
        if (trigger === 'initial') fail('list-failed', `internal error while listing tools: ${errorMessage(error)}`);
        return;
      } finally {
        guard.dispose();
      }
      const firstPage = walk.pages[0];
      if (guard.cause && firstPage?.error !== undefined && walk.pages.length === 1) firstPage.error = errorMessage(guard.cause);
      result.listings.push(walk);
      const firstPageFailed = walk.stoppedBecause === 'error' && walk.pages.length === 1 && walk.pages[0]?.error !== undefined;
      if (!firstPageFailed) result.tools = walk.tools;
      const detail = `${walk.tools.length} tools in ${walk.pages.length} page(s), ${walk.stoppedBecause === 'end' ? 'complete' : `stopped: ${walk.stoppedBecause}`}${trigger === 'list_changed' ? ' (after list_changed)' : ''}`;
      step('list-tools', firstPageFailed ? 'failed' : 'ok', started, firstPageFailed ? walk.pages[0]?.error : detail);
      if (firstPageFailed && trigger === 'initial') {
        const exited = processExit(connection);
        fail(options.signal?.aborted ? 'aborted' : exited ? 'process-exited' : 'list-failed', `tools/list failed: ${walk.pages[0]?.error ?? 'unknown error'}${exited ? `: ${exited}` : ''}`, [walk.pages[0]?.requestSeq, walk.pages[0]?.responseSeq].filter((s): s is number => s !== undefined));
      }
    });
    return listingChain;
  };

  const connectStarted = Date.now();
  let lastCandidate: Connection | undefined;
  for (const [index, transport] of plan.entries()) {
    const candidate = openConnection(transport, settings, sink, `${prefix}:${transport}`);
    lastCandidate = candidate;
    recorders.push(candidate.recorder);
    candidate.client.setNotificationHandler('notifications/tools/list_changed', () => {
      if (closing) {
        candidate.recorder.meta('relist-skipped', { reason: 'list_changed arrived while the session was closing' });
        return;
      }
      if (relists >= (options.maxRelists ?? 5)) {
        candidate.recorder.meta('relist-skipped', { reason: `already re-listed ${relists} times after list_changed` });
        return;
      }
      relists++;
      void listing('list_changed');
    });
    try {
      await withDeadline(
        candidate.client.connect(candidate.sdkTransport, { timeout: timeoutMs, signal: options.signal }),
        options.connectTimeoutMs ?? timeoutMs,
        `no answer from the server within ${options.connectTimeoutMs ?? timeoutMs} ms (for SSE: no "endpoint" event)`,
      );
      connection = candidate;
      result.attempts.push({ transport, conn: candidate.conn, outcome: 'connected', evidence: evidenceOf(candidate, candidate.client.getProtocolEra() === 'modern' ? 'server/discover' : 'initialize') });
      candidate.recorder.meta('transport-attempt', { transport, outcome: 'connected' });
      break;
    } catch (error) {
      const status = failingStatus(error, candidate);
      // A 400 that names the protocol revision is the server speaking, not a transport refusal:
      // falling back to SSE would only hide the real cause behind a second failure.
      const versionRefusal = readVersionRefusal(candidate);
      const fallBack = !versionRefusal && !isNegotiationFailure(error) && requested === 'auto' && transport === 'streamable-http' && status !== undefined && FALLBACK_STATUSES.has(status) && index < plan.length - 1;
      const reason = versionRefusal ? describeVersionRefusal(versionRefusal) : explainConnectFailure(error, candidate, status);
      const evidence = candidate.http?.exchanges.map((x) => x.responseSeq ?? x.requestSeq) ?? evidenceOf(candidate, 'initialize');
      result.attempts.push({ transport, conn: candidate.conn, outcome: fallBack ? 'fell-back' : 'failed', reason, evidence, ...(status !== undefined ? { status } : {}) });
      candidate.recorder.meta('transport-attempt', {
        transport, outcome: fallBack ? 'fell-back' : 'failed', status: status ?? null, reason,
        ...(fallBack ? { why: `HTTP ${status} to the initialize POST: per the MCP spec's backwards-compatibility rule, trying legacy HTTP+SSE (GET, expect an "endpoint" event)` } : {}),
      });
      const code = options.signal?.aborted ? 'aborted' : versionRefusal ? 'version-unsupported' : classifyConnectFailure(error, candidate, status);
      if (code === 'unauthorized' && !oauth && candidate.http && options.target.kind === 'http') {
        const authStarted = Date.now();
        result.auth = await describeAuthChallenge(candidate.http, options.target.url);
        if (result.auth) laneLog.meta('auth-challenge', { ...result.auth });
        step('auth-discovery', result.auth?.protectedResource?.ok ? 'ok' : 'failed', authStarted, result.auth?.protectedResource?.detail);
      }
      await shutdown(candidate).catch(() => undefined);
      if (!fallBack) {
        const mismatch = result.attempts.length > 1 && result.attempts[0]?.outcome === 'fell-back';
        const message = code === 'unauthorized' && oauth
          ? `the server still refuses after OAuth (HTTP ${status ?? 401}): ${oauth.session.failure ?? 'the token the authorization server issued was not accepted'}`
          : code === 'unauthorized'
          ? `the server requires authorization (HTTP 401${result.auth?.wwwAuthenticate ? `, WWW-Authenticate: ${result.auth.wwwAuthenticate}` : ''}); log in with --oauth, or pass a token with --header "Authorization: Bearer ..."`
          : mismatch ? `neither transport worked: Streamable HTTP answered ${result.attempts[0]?.status}, and legacy SSE failed: ${reason}` : reason;
        fail(mismatch && code !== 'unauthorized' ? 'transport-mismatch' : code, message, evidence);
        break;
      }
    }
  }
  if (!connection) {
    // The transport may have worked and the handshake failed (a version the SDK refuses, a bad
    // initialize result): then say so, and show what the server answered.
    const last = lastCandidate;
    if (last && last.recorder.lastExchange('initialize').response) {
      result.handshake = readHandshake(last, capabilities);
      laneLog.meta('handshake', { ...result.handshake });
      step('connect', 'ok', connectStarted, last.transport);
      step('initialize', 'failed', connectStarted, result.error?.message);
    } else {
      step('connect', 'failed', connectStarted, result.error?.message);
    }
    return finish();
  }
  const live = connection;
  result.transport = live.transport;
  laneLog.meta('transport-choice', {
    transport: live.transport, requested,
    why: requested !== 'auto' ? 'asked for' : live.transport === 'sse' ? 'Streamable HTTP was refused; legacy SSE answered' : live.transport === 'stdio' ? 'the server is a command' : `Streamable HTTP answered ${live.client.getProtocolEra() === 'modern' ? 'server/discover' : 'initialize'}`,
  });
  step('connect', 'ok', connectStarted, `${live.transport}${result.attempts.length > 1 ? ` after ${result.attempts.length - 1} fallback(s)` : ''}`);
  result.negotiation = readNegotiation(live, protocol);
  laneLog.meta('negotiation', { ...result.negotiation });
  result.handshake = readHandshake(live, capabilities);
  laneLog.meta('handshake', { ...result.handshake });
  step(result.negotiation.via === 'server/discover' ? 'discover' : 'initialize', 'ok', connectStarted, `protocol ${result.handshake.negotiatedProtocolVersion ?? '?'}: ${result.negotiation.why}`);

  // 2026-07-28 has no standing connection: a client hears list_changed only on a
  // subscriptions/listen stream it opens, so the lane opens one as such a client would.
  const subscription = await listenForToolChanges(live, timeoutMs, options.signal);
  // Nor resources/subscribe: an open connection names the resources it follows in a listen stream of its own.
  const resourceListen = options.connection && live.client.getProtocolEra() === 'modern' ? new ResourceListen(live, timeoutMs, options.signal) : undefined;
  try {
    if (options.listTools !== false) await listing('initial');
    if (options.call && !result.error) {
      const listed = result.tools.find((t) => t.tool.name === options.call?.name)?.tool;
      result.call = await callTool(live, options.call, mustRunAsTask(listed), timeoutMs, options.signal, step);
      // A call may change the tool list; the list_changed can travel on another stream (the
      // Streamable HTTP GET stream) than the call's answer. A ping round trip gives it a chance
      // to arrive before we close; nothing orders the two streams, so this is best effort.
      await live.client.ping({ timeout: timeoutMs, signal: options.signal }).catch(() => undefined);
    }
    const send = async (request: LaneRequest) => {
      const started = Date.now();
      const outcome = resourceListen && (request.method === 'resources/subscribe' || request.method === 'resources/unsubscribe')
        ? await resourceListen.change(request)
        : await sendLaneRequest(live, request, timeoutMs, options.signal);
      step('request', outcome.error ? 'failed' : 'ok', started, `${request.method}: ${outcome.error ?? (outcome.schemaProblems?.length ? `a result that breaks the MCP schema at ${outcome.schemaProblems[0]?.path}` : 'answered')}`);
      return outcome;
    };
    for (const request of result.error ? [] : options.requests ?? []) (result.requests ??= []).push(await send(request));
    if (options.connection && !result.error) {
      step('open', 'ok', Date.now(), 'connected; waiting for requests until the user disconnects');
      options.connection.opened(result.tools.map((t) => t.tool), {
        ...(result.handshake.negotiatedProtocolVersion ? { revision: result.handshake.negotiatedProtocolVersion } : {}),
        changeRoots: async (next) => {
          roots = next;
          return notifyRootsChanged(live, capabilities);
        },
      });
      for (let next = await options.connection.next(); next; next = await options.connection.next()) next.settle(await send(next.request));
    }
    // A 2026-07-28 change notification travels on the listen stream, unordered with the list's
    // own answer; a probe is a snapshot, so it gives that stream a moment before closing.
    if (subscription) await new Promise((resolve) => setTimeout(resolve, options.listenSettleMs ?? 100));
    // Settle any re-list a list_changed started while we were busy.
    for (let pending = listingChain; ; pending = listingChain) {
      await pending;
      if (pending === listingChain) break;
    }
  } finally {
    closing = true;
    const started = Date.now();
    await subscription?.close().catch(() => undefined);
    await resourceListen?.close();
    try {
      await shutdown(live);
      step('shutdown', 'ok', started, describeShutdown(live));
    } catch (error) {
      step('shutdown', 'failed', started, errorMessage(error));
    }
  }
  return finish();
}

/** The server's answer to initialize when it is the unsupported-protocol-version refusal; `requested` falls back to what was offered. */
function readVersionRefusal(connection: Connection): VersionRefusal | undefined {
  const { request, response } = connection.recorder.lastExchange('initialize');
  const refusal = versionRefusalOf(response?.message.error);
  const offered = isRecord(request?.message.params) ? request.message.params.protocolVersion : undefined;
  return refusal && { ...refusal, requested: refusal.requested ?? (typeof offered === 'string' ? offered : '?') };
}

function describeVersionRefusal(refusal: VersionRefusal): string {
  const modern = sessionlessRevisions(refusal.supported);
  return `the server refused protocol ${refusal.requested} with error ${UNSUPPORTED_PROTOCOL_VERSION} ("${refusal.message}"); it supports ${refusal.supported.join(', ') || 'no revision it named'}. `
    + (modern.length > 0
      ? `${modern.join(', ')} ${modern.length > 1 ? 'are' : 'is'} the sessionless revision (server/discover instead of initialize): every 2025-era client sees this same refusal and no tools. Probe with --protocol auto (or ${modern[0]}) to speak it`
      : 'no revision this client offers is among them');
}

function readHandshake(connection: Connection, profile: CapabilityProfile): Handshake {
  if (connection.client.getProtocolEra() === 'modern') return readDiscovery(connection, profile);
  const { request, response } = connection.recorder.lastExchange('initialize');
  const params = isRecord(request?.message.params) ? request.message.params : {};
  const answer = isRecord(response?.message.result) ? response.message.result : {};
  const initialized = connection.recorder.find('out', 'notifications/initialized');
  const sessionId = connection.transport === 'streamable-http' ? (connection.sdkTransport as StreamableHTTPClientTransport).sessionId : undefined;
  return {
    offeredProtocolVersion: String(params.protocolVersion ?? ''),
    ...(typeof answer.protocolVersion === 'string' ? { negotiatedProtocolVersion: answer.protocolVersion } : {}),
    capabilityProfile: profile,
    clientCapabilities: isRecord(params.capabilities) ? params.capabilities : {},
    clientInfo: CLIENT_INFO,
    ...(isRecord(answer.capabilities) ? { serverCapabilities: answer.capabilities } : {}),
    ...(isRecord(answer.serverInfo) ? { serverInfo: answer.serverInfo } : {}),
    ...(typeof answer.instructions === 'string' ? { instructions: answer.instructions } : {}),
    ...(sessionId ? { sessionId } : {}),
    evidence: [request?.seq, response?.seq, initialized?.seq].filter((s): s is number => s !== undefined),
  };
}

/** The 2026-07-28 handshake is a `server/discover` exchange: what the client put in `_meta`, what the server answered. */
function readDiscovery(connection: Connection, profile: CapabilityProfile): Handshake {
  const { request, response } = connection.recorder.lastExchange('server/discover');
  const params = isRecord(request?.message.params) ? request.message.params : {};
  const meta = isRecord(params._meta) ? params._meta : {};
  const answer = isRecord(response?.message.result) ? response.message.result : {};
  const answerMeta = isRecord(answer._meta) ? answer._meta : {};
  const serverInfo = isRecord(answerMeta[SERVER_INFO_META_KEY]) ? answerMeta[SERVER_INFO_META_KEY] : isRecord(answer.serverInfo) ? answer.serverInfo : undefined;
  const negotiated = connection.client.getNegotiatedProtocolVersion();
  const offered = meta[PROTOCOL_VERSION_META_KEY];
  const clientCaps = meta[CLIENT_CAPABILITIES_META_KEY];
  return {
    offeredProtocolVersion: typeof offered === 'string' ? offered : '',
    ...(negotiated ? { negotiatedProtocolVersion: negotiated } : {}),
    capabilityProfile: profile,
    clientCapabilities: isRecord(clientCaps) ? clientCaps : {},
    clientInfo: CLIENT_INFO,
    ...(isRecord(answer.capabilities) ? { serverCapabilities: answer.capabilities } : {}),
    ...(serverInfo ? { serverInfo } : {}),
    ...(typeof answer.instructions === 'string' ? { instructions: answer.instructions } : {}),
    evidence: [request?.seq, response?.seq].filter((s): s is number => s !== undefined),
  };
}

/**
 * The user changed the roots on an open connection: tell the server as the spec asks
 * (`notifications/roots/list_changed`, only when roots were declared with listChanged). MCP
 * 2026-07-28 drops that notification; the server sees the new roots the next time it asks.
 */
async function notifyRootsChanged(connection: Connection, profile: CapabilityProfile): Promise<RootsUpdate> {
  if (profile === 'none') return { notified: false, why: 'roots are not declared (client capabilities "none"), so the server never asks for them' };
  const dropped = droppedIn(connection.client.getProtocolEra() === 'modern' ? FIRST_SESSIONLESS_REVISION : connection.client.getNegotiatedProtocolVersion(), 'notifications/roots/list_changed');
  if (dropped) return { notified: false, why: dropped };
  await connection.client.sendRootsListChanged();
  const sent = [...connection.recorder.messages].reverse().find((m) => m.dir === 'out' && m.message.method === 'notifications/roots/list_changed');
  return { notified: true, why: 'sent notifications/roots/list_changed; the server may ask roots/list again', evidence: sent ? [sent.seq] : [] };
}

/** Which revision the SDK settled on and why, in the frames' terms: what `server/discover` got, or that it was never sent. */
function readNegotiation(connection: Connection, requested: ProtocolRequest): Negotiation {
  const era = connection.client.getProtocolEra() ?? 'legacy';
  const revision = connection.client.getNegotiatedProtocolVersion();
  const discover = connection.recorder.lastExchange('server/discover');
  const evidence = [discover.request?.seq, discover.response?.seq, ...evidenceOf(connection, 'initialize')].filter((s): s is number => s !== undefined);
  const base = { requested, era, ...(revision ? { revision } : {}), evidence };
  if (era === 'modern') {
    const supported = isRecord(discover.response?.message.result) ? discover.response.message.result.supportedVersions : undefined;
    return { ...base, via: 'server/discover', why: requested === 'auto' ? `server/discover answered, supporting ${Array.isArray(supported) ? supported.join(', ') : '?'}` : `pinned to ${requested}; server/discover confirmed it` };
  }
  if (requested !== 'auto') return { ...base, via: 'initialize', why: requested === 'legacy' ? 'initialize only (--protocol legacy)' : `pinned to ${requested}: initialize offers only that revision` };
  const answer = discover.response?.message;
  const error = isRecord(answer?.error) ? answer.error : undefined;
  const refused = connection.http?.exchanges.find((x) => x.method === 'POST' && x.status !== undefined && x.status >= 400);
  const why = !discover.request ? 'server/discover was not sent'
    : error ? `server/discover answered error ${String(error.code)} (${String(error.message)}), so the SDK fell back to initialize`
      : refused ? `server/discover got HTTP ${refused.status} with no JSON-RPC answer, so the SDK fell back to initialize`
        : 'server/discover gave no usable answer, so the SDK fell back to initialize';
  return { ...base, via: 'initialize', why };
}

async function callTool(
  connection: Connection, call: NonNullable<InspectorLaneOptions['call']>, asTask: boolean, timeoutMs: number, signal: AbortSignal | undefined,
  step: (name: Step['name'], status: Step['status'], startedAt: number, detail?: string) => void,
): Promise<ToolCall> {
  const started = Date.now();
  const record: ToolCall = { name: call.name, arguments: call.arguments, evidence: [] };
  const guard = rejectionGuard(connection.recorder, signal);
  try {
    let answer: Record<string, unknown>;
    if (asTask) {
      const run = await callAsTask(connectionSender(connection, { timeout: timeoutMs, signal: guard.signal }), call.name, call.arguments);
      answer = run.result;
      if (run.task) record.task = run.task;
    } else {
      answer = await connection.client.request({ method: 'tools/call', params: { name: call.name, arguments: call.arguments } }, RawResult, { timeout: timeoutMs, signal: guard.signal });
    }
    const tooDeep = refuseTooDeep(answer, connection.recorder, 'the tools/call result');
    if (tooDeep) throw new Error(tooDeep);
    record.result = answer;
    record.isError = answer.isError === true;
    step('call-tool', 'ok', started, `${call.name}${record.task ? ` ran as task ${record.task.taskId} (${record.task.status ?? '?'}) and` : ''}${record.isError ? ' returned isError: true' : ' returned a result'}`);
  } catch (error) {
    record.error = explainRequestFailure(guard.cause ?? error, connection);
    step('call-tool', 'failed', started, record.error);
  } finally {
    guard.dispose();
    record.evidence = [...evidenceOf(connection, 'tools/call'), ...(record.task ? [...evidenceOf(connection, 'tasks/result'), ...evidenceOf(connection, 'tasks/get')] : [])];
  }
  return record;
}

/** Ends the session the way each transport expects: DELETE for Streamable HTTP, close stdin then signals for stdio. */
async function listenForToolChanges(connection: Connection, timeoutMs: number, signal: AbortSignal | undefined): Promise<McpSubscription | undefined> {
  const { client } = connection;
  if (client.getProtocolEra() !== 'modern' || !client.getServerCapabilities()?.tools?.listChanged) return undefined;
  try {
    return await client.listen({ toolsListChanged: true }, { timeout: timeoutMs, ...(signal ? { signal } : {}) });
  } catch (error) {
    connection.recorder.meta('listen-failed', { reason: errorMessage(error) });
    return undefined;
  }
}

async function shutdown(connection: Connection): Promise<void> {
  try {
    if (connection.transport === 'streamable-http') {
      const transport = connection.sdkTransport as StreamableHTTPClientTransport;
      if (transport.sessionId) await transport.terminateSession();
    }
  } finally {
    await connection.client.close();
    connection.http?.abortAll('closed by MCP Parallax at the end of the probe');
    await connection.http?.settled();
  }
}

function describeShutdown(connection: Connection): string {
  if (connection.stdio) {
    const steps = connection.stdio.shutdownSteps.map((s) => s.step).join(' -> ');
    const exit = connection.stdio.exit;
    // The SDK skips closing a transport that already reported its own close (the process exited first).
    return steps || (exit ? `already exited (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})` : 'closed');
  }
  const deleted = connection.http?.exchanges.find((x) => x.method === 'DELETE');
  if (deleted) return `DELETE session answered ${deleted.status ?? deleted.error ?? '?'}`;
  return 'closed';
}
