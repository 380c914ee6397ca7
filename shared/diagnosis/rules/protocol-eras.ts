import type { Envelope, LaneId } from '../../capture/envelope';
import { isKnownRevision, isSessionless, UNSUPPORTED_PROTOCOL_VERSION } from '../../lanes/protocol-revision';
import { quoteJson, uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import type { McpLaneView, ViewTool } from '../views/lane-view';
import { buildEraView, META_KEYS, type EraRequest, type McpEraView } from '../views/mcp-era-view';
import { count, isOpenAiLane, type DiagnosisFinding, type DiagnosisInput, type Rule } from './rule';

/**
 * Findings about MCP 2026-07-28 beside the 2025 revisions. What the revision requires (the
 * `_meta` keys on every request, the headers that mirror them, `server/discover` instead of
 * `initialize`, cache hints on lists) and what it deprecates come from the MCP specification's
 * 2026-07-28 changelog; docs/protocol-eras.md has the table.
 */

const eraViews = new WeakMap<readonly Envelope[], McpEraView>();
function eraViewOf(input: DiagnosisInput): McpEraView {
  let view = eraViews.get(input.envelopes);
  if (!view) {
    view = buildEraView(input.envelopes);
    eraViews.set(input.envelopes, view);
  }
  return view;
}

function byLane<T extends { lane: LaneId }>(items: readonly T[]): Map<LaneId, T[]> {
  const lanes = new Map<LaneId, T[]>();
  for (const item of items) lanes.set(item.lane, [...(lanes.get(item.lane) ?? []), item]);
  return lanes;
}

const requestEvidence = (r: EraRequest): number[] => (r.httpSeq !== undefined ? [r.httpSeq, r.seq] : [r.seq]);

/** The `MCP-Protocol-Version` (or `Mcp-Method`) header says one thing and the body another; servers refuse it with -32020. */
export const headerMetaRule: Rule = (input) => {
  const { requests, responses } = eraViewOf(input);
  const findings: DiagnosisFinding[] = [];
  const clashes = requests.filter((r) => r.dir === 'out' && ((r.headerVersion !== undefined && typeof r.metaVersion === 'string' && r.metaVersion !== r.headerVersion) || (r.headerMethod !== undefined && r.headerMethod !== r.method)));
  const refusals = responses.filter((r) => r.errorCode === -32020);
  for (const [lane, items] of byLane([...clashes, ...refusals])) {
    const clash = clashes.find((c) => c.lane === lane);
    const refusal = refusals.find((r) => r.lane === lane);
    const what = clash
      ? clash.headerMethod !== undefined && clash.headerMethod !== clash.method
        ? `the Mcp-Method header says ${quoteJson(clash.headerMethod)} but the body's method is ${quoteJson(clash.method)}`
        : `the MCP-Protocol-Version header says ${quoteJson(clash.headerVersion)} but _meta["${META_KEYS.protocolVersion}"] says ${quoteJson(clash.metaVersion)}`
      : `the server answered error -32020 (header and body disagree): ${quoteJson(refusal?.errorMessage ?? '')}`;
    findings.push({
      id: 'mcp.header-meta-mismatch', severity: 'error', lanes: [lane],
      title: `${LANE_NAMES[lane]}: a request's headers and its _meta disagree`,
      detail: `In ${count(items.length, 'message')}, ${what}${clash ? ` (seq ${clash.seq})` : ` (seq ${refusal?.seq ?? '?'})`}. In 2026-07-28 the headers mirror the body so proxies can route without parsing it; a server must refuse a request where they differ.`,
      evidence: uniqueSeqs(items.flatMap((i) => ('method' in i && 'hasMeta' in i ? requestEvidence(i) : [i.seq]))),
      fix: 'Send the same revision and method in both places; a client built on an SDK sets both, so a mismatch usually means a proxy or hand-written client rewrote one of them.',
    });
  }
  return findings;
};

/** A 2026-07-28 request without the `_meta` the revision requires, a malformed `_meta`, or a revision string nobody published. */
export const metaRequiredRule: Rule = (input) => {
  const { requests, responses } = eraViewOf(input);
  const findings: DiagnosisFinding[] = [];
  // A connection is in the sessionless era once its server/discover was answered; before that
  // (an `auto` probe that fell back to initialize) 2025 requests rightly carry no _meta.
  const discovered = new Map<string, number>();
  for (const r of responses) if (r.ok && r.method === 'server/discover' && !discovered.has(`${r.lane}\u0000${r.conn}`)) discovered.set(`${r.lane}\u0000${r.conn}`, r.seq);
  const inModernEra = (r: EraRequest) => { const since = discovered.get(`${r.lane}\u0000${r.conn}`); return since !== undefined && r.seq > since; };
  const faults: { request: EraRequest; field: string; problem: string }[] = [];
  for (const r of requests) {
    if (r.dir !== 'out') continue;
    const modern = (r.headerVersion !== undefined && isSessionless(r.headerVersion)) || inModernEra(r);
    if (r.metaMalformed) faults.push({ request: r, field: 'params._meta', problem: r.metaMalformed });
    else if (r.metaVersion !== undefined && typeof r.metaVersion !== 'string') faults.push({ request: r, field: `params._meta["${META_KEYS.protocolVersion}"]`, problem: `is ${quoteJson(r.metaVersion, 60)}, not a revision string` });
    else if (typeof r.metaVersion === 'string' && !isKnownRevision(r.metaVersion)) faults.push({ request: r, field: `params._meta["${META_KEYS.protocolVersion}"]`, problem: `names ${quoteJson(r.metaVersion, 60)}, which is no published MCP revision` });
    else if (modern && r.metaVersion === undefined && r.method !== 'initialize') faults.push({ request: r, field: `params._meta["${META_KEYS.protocolVersion}"]`, problem: 'is missing from a 2026-07-28 request' });
  }
  for (const [lane, items] of byLane(faults.map((f) => ({ ...f, lane: f.request.lane })))) {
    const first = items[0];
    if (!first) continue;
    findings.push({
      id: 'mcp.meta-invalid', severity: 'error', lanes: [lane],
      title: `${LANE_NAMES[lane]}: ${count(items.length, 'request')} lack the _meta 2026-07-28 requires`,
      detail: `${first.request.method} (seq ${first.request.seq}): ${first.field} ${first.problem}.${items.length > 1 ? ` ${items.length - 1} more: ${items.slice(1, 6).map((i) => `${i.request.method} (seq ${i.request.seq}) ${i.field} ${i.problem}`).join('; ')}.` : ''} Without a session, each request carries its own revision and capabilities; a server cannot tell which revision a request without them speaks, and refuses it (-32602) or reads it as 2025.`,
      evidence: uniqueSeqs(items.flatMap((i) => requestEvidence(i.request))),
      fix: `Put "${META_KEYS.protocolVersion}" (a revision string such as "2026-07-28") and "${META_KEYS.clientCapabilities}" in every request's params._meta, or use an SDK 2.x client, which does.`,
    });
  }
  return findings;
};

/** The first field of a `server/discover` result that breaks the shape 2026-07-28 gives it, or undefined when it holds. */
function discoverFault(result: Record<string, unknown> | undefined): { field: string; problem: string } | undefined {
  if (!result) return { field: 'result', problem: 'is not an object' };
  const versions = result.supportedVersions;
  if (!Array.isArray(versions)) return { field: 'result.supportedVersions', problem: versions === undefined ? 'is missing' : `is ${quoteJson(versions, 60)}, not an array of revision strings` };
  if (versions.length === 0) return { field: 'result.supportedVersions', problem: 'is empty, so no client can pick a revision' };
  const odd = versions.find((v) => typeof v !== 'string');
  if (odd !== undefined) return { field: 'result.supportedVersions', problem: `holds ${quoteJson(odd, 60)}, which is not a revision string` };
  const unknown = versions.find((v) => typeof v === 'string' && !isKnownRevision(v));
  if (unknown !== undefined) return { field: 'result.supportedVersions', problem: `names ${quoteJson(unknown, 60)}, which is no published MCP revision` };
  const capabilities = result.capabilities;
  if (capabilities === null || typeof capabilities !== 'object' || Array.isArray(capabilities)) return { field: 'result.capabilities', problem: capabilities === undefined ? 'is missing' : `is ${quoteJson(capabilities, 60)}, not an object` };
  if (result.instructions !== undefined && typeof result.instructions !== 'string') return { field: 'result.instructions', problem: 'is not a string' };
  return undefined;
}

/** A `server/discover` answer that fails the revision's schema: SDK 2.x clients reject it and never reach the tools. */
export const discoverInvalidRule: Rule = (input) => {
  const findings: DiagnosisFinding[] = [];
  const faults = eraViewOf(input).responses.flatMap((r) => {
    if (!r.ok || r.method !== 'server/discover') return [];
    const fault = discoverFault(r.result);
    return fault ? [{ response: r, lane: r.lane, ...fault }] : [];
  });
  for (const [lane, items] of byLane(faults)) {
    const first = items[0];
    if (!first) continue;
    findings.push({
      id: 'mcp.discover-invalid', severity: 'error', lanes: [lane],
      title: `${LANE_NAMES[lane]}: the server's server/discover result is malformed`,
      detail: `server/discover (seq ${first.response.seq}): ${first.field} ${first.problem}.${items.length > 1 ? ` ${items.length - 1} more answer(s) like it.` : ''} A 2026-07-28 client reads the revisions it may speak and the server's capabilities from this result; one it cannot parse ends the conversation before tools/list (the SDK 2.x client throws), while a 2025 client never asks and may still work.`,
      evidence: uniqueSeqs(items.flatMap((i) => [i.response.requestSeq, i.response.seq].filter((s): s is number => s !== undefined))),
      fix: 'Answer server/discover with { supportedVersions: ["2026-07-28", …], capabilities: { tools: {}, … } } (and instructions as a string if any); an SDK 2.x server builds it for you.',
    });
  }
  return findings;
};

const SESSION_DEMAND = /session|initiali[sz]/i;

/** One conversation that used both eras: `server/discover` answered, then `initialize` needed (or the reverse). */
export const eraMixRule: Rule = (input) => {
  const { responses } = eraViewOf(input);
  const findings: DiagnosisFinding[] = [];
  const conns = new Map<string, typeof responses>();
  for (const r of responses) conns.set(`${r.lane}\u0000${r.conn}`, [...(conns.get(`${r.lane}\u0000${r.conn}`) ?? []), r]);
  for (const items of conns.values()) {
    const discovered = items.find((r) => r.ok && r.method === 'server/discover');
    const initialized = items.find((r) => r.ok && r.method === 'initialize');
    const demand = discovered ? items.find((r) => r.seq > discovered.seq && !r.ok && SESSION_DEMAND.test(r.errorMessage ?? '')) : undefined;
    const second = discovered && initialized ? (discovered.seq < initialized.seq ? initialized : discovered) : demand;
    if (!discovered || !second) continue;
    const first = initialized && initialized.seq < discovered.seq ? initialized : discovered;
    const lane = first.lane;
    findings.push({
      id: 'mcp.era-mixed', severity: 'warning', lanes: [lane],
      title: `${LANE_NAMES[lane]}: the server answered in both MCP eras on one connection`,
      detail: `${first.method} was answered (seq ${first.seq}), and then ${second.ok ? `${second.method} too (seq ${second.seq})` : `a request was refused with ${quoteJson(second.errorMessage ?? '')} (seq ${second.seq}), asking for the session a 2026-07-28 conversation does not have`}. A server that answers server/discover promises the sessionless revision; asking for initialize afterwards (or the reverse) leaves clients of either era with a conversation that breaks half way.`,
      evidence: uniqueSeqs([first.requestSeq, first.seq, second.requestSeq, second.seq].filter((s): s is number => s !== undefined)),
      fix: 'Route each request by its own era (TypeScript SDK 2.x: createMcpHandler, or isLegacyRequest in front of a legacy handler) and keep 2026-07-28 requests free of session state.',
    });
  }
  return findings;
};

/** A list with a cache hint, then list_changed within its ttlMs, and no fresh list: clients that trust the hint show the old list. */
export const staleListCacheRule: Rule = (input) => {
  const { requests, responses, notifications } = eraViewOf(input);
  const findings: DiagnosisFinding[] = [];
  for (const [lane, lists] of byLane(responses.filter((r) => r.method === 'tools/list' && typeof r.ttlMs === 'number' && r.ttlMs > 0))) {
    const changed = notifications.filter((n) => n.lane === lane && n.method === 'notifications/tools/list_changed');
    for (const list of lists) {
      const ttl = list.ttlMs as number;
      const change = changed.find((n) => n.t >= list.t && n.t < list.t + ttl);
      if (!change) continue;
      const relisted = requests.some((r) => r.lane === lane && r.dir === 'out' && r.method === 'tools/list' && r.seq > change.seq);
      if (relisted) continue;
      findings.push({
        id: 'mcp.stale-list-cache', severity: 'warning', lanes: [lane],
        title: `${LANE_NAMES[lane]}: the tool list changed inside its cache lifetime and was not fetched again`,
        detail: `tools/list (seq ${list.seq}) said ttlMs ${ttl}${list.cacheScope !== undefined ? ` (cacheScope ${quoteJson(list.cacheScope)})` : ''}; notifications/tools/list_changed came ${Math.round(change.t - list.t)} ms later (seq ${change.seq}), and no tools/list followed. A client that honours the hint without treating list_changed as invalidation shows the old list for up to ${Math.max(0, Math.round(list.t + ttl - change.t))} ms more.`,
        evidence: uniqueSeqs([list.requestSeq, list.seq, change.seq].filter((s): s is number => s !== undefined)),
        fix: 'Clients: drop the cached list on list_changed. Servers: give lists that change a short ttlMs (or none).',
      });
      break;
    }
  }
  return findings;
};

const isMcp = (v: { kind: string }): v is McpLaneView => v.kind === 'mcp';

/**
 * The Inspector reached the server only over 2026-07-28 and OpenAI's hosted client failed with
 * HTTP 400: the hosted client (reported to speak 2025 revisions) met a server that serves only
 * the sessionless one.
 */
export const hostedEraGapRule: Rule = (input) => {
  const { responses } = eraViewOf(input);
  const discover = responses.find((r) => r.lane === 'inspector' && r.ok && r.method === 'server/discover');
  const initialized = responses.some((r) => r.lane === 'inspector' && r.ok && r.method === 'initialize');
  if (!discover || initialized) return [];
  const refused = input.views.filter((v) => isOpenAiLane(v) && v.toolsState === 'failed' && /\b400\b/.test(v.error?.message ?? ''));
  if (refused.length === 0) return [];
  const inspector = input.views.find((v) => v.lane === 'inspector' && isMcp(v));
  const revision = discover.result && Array.isArray(discover.result.supportedVersions) ? (discover.result.supportedVersions as unknown[]).filter((v) => typeof v === 'string').join(', ') : '2026-07-28';
  return [{
    id: 'mcp.hosted-era-gap', severity: 'error', lanes: refused.map((v) => v.lane),
    title: `OpenAI's hosted client got HTTP 400 from a server the Inspector reached only over MCP 2026-07-28`,
    detail: `The Inspector's server/discover was answered (seq ${discover.seq}; the server names ${revision || 'its revisions'}) and it never needed initialize. ${refused.map((v) => `${LANE_NAMES[v.lane]}: ${quoteJson(v.error?.message ?? '', 160)}`).join(' ')} OpenAI does not document which MCP revision its hosted client speaks; it has been reported to send initialize for 2025 revisions, which a 2026-07-28-only server refuses with 400 (-32022). That client sees no tools.${inspector?.tools.length ? ` The Inspector lists ${count(inspector.tools.length, 'tool')}.` : ''}`,
    evidence: uniqueSeqs([discover.requestSeq, discover.seq, ...refused.flatMap((v) => v.error?.evidence ?? [])].filter((s): s is number => s !== undefined)),
    fix: 'Serve 2025 clients beside 2026-07-28 (TypeScript SDK 2.x: createMcpHandler(factory, { legacy: "stateless" }), the default, instead of "reject"). Reproduce offline with `parallax emulate --hosted-era 2025-06-18` against `--hosted-era 2026-07-28`.',
  }];
};

/** The revision a client lane ended up speaking, in the words the finding uses. */
function revisionOf(view: McpLaneView): string {
  const settled = view.negotiation?.revision ?? view.initializes.find((i) => i.negotiated)?.negotiated;
  if (settled) return settled;
  const requested = view.negotiation?.requested ?? view.protocolRequested;
  if (requested === 'legacy') return 'the 2025 revisions (initialize)';
  if (requested === 'auto') return 'any revision (auto)';
  return requested ?? 'its revision';
}

const sameDefinition = (a: ViewTool, b: ViewTool) => JSON.stringify(a.raw ?? a.schema) === JSON.stringify(b.raw ?? b.schema) && a.description === b.description;

/**
 * One server, one client, two revisions (the Inspector and the era lane): the tool lists should
 * match. Where they do not, the server behaves differently per era, and every client of the
 * weaker era sees the smaller list. Cites both lanes' listings (or the refusal).
 */
export const eraListsDifferRule: Rule = (input) => {
  const inspector = input.views.find((v): v is McpLaneView => v.lane === 'inspector' && isMcp(v));
  const era = input.views.find((v): v is McpLaneView => v.lane === 'era' && isMcp(v));
  if (!inspector || !era) return [];
  // A lane refused at the handshake never starts listing: that is "no list" too, once the lane has ended.
  const noList = (v: McpLaneView) => v.toolsState === 'failed' || (v.toolsState !== 'listed' && v.status === 'failed');
  if (![inspector, era].every((v) => v.toolsState === 'listed' || noList(v))) return [];
  const a = { view: inspector, revision: revisionOf(inspector), names: new Map(inspector.tools.map((t) => [t.name, t])) };
  const b = { view: era, revision: revisionOf(era), names: new Map(era.tools.map((t) => [t.name, t])) };
  const evidence = uniqueSeqs([...inspector.toolsEvidence, ...era.toolsEvidence, ...(inspector.error?.evidence ?? []), ...(era.error?.evidence ?? [])]);
  const fix = 'Serve the same tools to every revision you accept: with the TypeScript SDK 2.x, one server factory behind createMcpHandler (legacy: "stateless") answers both eras from the same registrations; a gateway that routes 2025 traffic to an older deployment must be updated with it. If one era is meant to be refused, refuse it with -32022 and both version lists so clients can say why.';
  const side = (s: typeof a) => `${LANE_NAMES[s.view.lane]} over ${s.revision}`;
  const failed = [a, b].filter((s) => noList(s.view));
  if (failed.length === 2) return [];
  if (failed.length === 1) {
    const lost = failed[0] as typeof a;
    const kept = lost === a ? b : a;
    return [{
      id: 'mcp.era-lists-differ', severity: 'error', lanes: [inspector.lane, era.lane],
      title: `The server lists ${count(kept.view.tools.length, 'tool')} over ${kept.revision} and none over ${lost.revision}`,
      headline: `a client speaking ${lost.revision} gets no tools from it, while ${kept.revision} gets ${kept.view.tools.length}`,
      detail: `${side(kept)} got ${count(kept.view.tools.length, 'tool')}; ${side(lost)} got no list: ${quoteJson(lost.view.error?.message ?? 'the listing failed', 200)}. Every client that speaks only ${lost.revision} sees 0 tools from this server.`,
      evidence, fix,
    }];
  }
  const onlyA = [...a.names.keys()].filter((n) => !b.names.has(n));
  const onlyB = [...b.names.keys()].filter((n) => !a.names.has(n));
  const changed = [...a.names.entries()].filter(([n, t]) => b.names.has(n) && !sameDefinition(t, b.names.get(n) as ViewTool)).map(([n]) => n);
  if (onlyA.length === 0 && onlyB.length === 0 && changed.length === 0) return [];
  const names = (list: string[]) => list.slice(0, 8).join(', ') + (list.length > 8 ? `, … (${list.length} in all)` : '');
  const parts = [
    ...(onlyA.length ? [`only over ${a.revision}: ${names(onlyA)}`] : []),
    ...(onlyB.length ? [`only over ${b.revision}: ${names(onlyB)}`] : []),
    ...(changed.length ? [`defined differently: ${names(changed)}`] : []),
  ];
  const toolSeqs = [...onlyA.map((n) => a.names.get(n)?.seq), ...onlyB.map((n) => b.names.get(n)?.seq), ...changed.flatMap((n) => [a.names.get(n)?.seq, b.names.get(n)?.seq])].filter((s): s is number => s !== undefined);
  return [{
    id: 'mcp.era-lists-differ', severity: 'warning', lanes: [inspector.lane, era.lane],
    title: `The server lists different tools over ${a.revision} (${a.view.tools.length}) and ${b.revision} (${b.view.tools.length})`,
    headline: `the client's MCP revision decides the list: ${a.view.tools.length} tools over ${a.revision}, ${b.view.tools.length} over ${b.revision}`,
    detail: `${side(a)} and ${side(b)} asked the same server for its tools: ${parts.join('; ')}. A client's revision decides which list it gets.`,
    evidence: uniqueSeqs([...evidence, ...toolSeqs]), fix,
  }];
};

/**
 * Features 2026-07-28 deprecates or removed, seen in use where that revision is in play:
 * information for planning, never an error.
 */
export const deprecatedFeaturesRule: Rule = (input) => {
  const { requests, responses, notifications } = eraViewOf(input);
  const findings: DiagnosisFinding[] = [];
  // Only where the sessionless revision is in play (asked for, answered or refused): for a
  // plain 2025 conversation this would be noise on every legacy server.
  const modernInPlay = requests.some((r) => r.method === 'server/discover' || (typeof r.metaVersion === 'string' && isSessionless(r.metaVersion)))
    || responses.some((r) => r.errorCode === UNSUPPORTED_PROTOCOL_VERSION);
  if (!modernInPlay) return [];
  for (const view of input.views.filter(isMcp)) {
    const seen: { feature: string; seqs: number[] }[] = [];
    if (view.transport === 'sse') seen.push({ feature: 'the legacy HTTP+SSE transport', seqs: view.transportSeq !== undefined ? [view.transportSeq] : [] });
    const lane = view.lane;
    const add = (feature: string, seqs: number[]) => { if (seqs.length > 0) seen.push({ feature, seqs }); };
    add('ping', requests.filter((r) => r.lane === lane && r.method === 'ping').map((r) => r.seq));
    add('notifications/roots/list_changed', notifications.filter((n) => n.lane === lane && n.method === 'notifications/roots/list_changed').map((n) => n.seq));
    add('logging (logging/setLevel, notifications/message)', [...requests.filter((r) => r.lane === lane && r.method === 'logging/setLevel'), ...notifications.filter((n) => n.lane === lane && n.method === 'notifications/message')].map((m) => m.seq));
    add('sampling (sampling/createMessage)', requests.filter((r) => r.lane === lane && r.method === 'sampling/createMessage').map((r) => r.seq));
    if (seen.length === 0) continue;
    findings.push({
      id: 'mcp.deprecated-feature', severity: 'info', lanes: [lane],
      title: `${LANE_NAMES[lane]}: uses ${seen.map((s) => s.feature).join(', ')}, which MCP 2026-07-28 deprecates or removed`,
      detail: `Seen: ${seen.map((s) => `${s.feature} (seq ${s.seqs.slice(0, 5).join(', ')}${s.seqs.length > 5 ? ', …' : ''})`).join('; ')}. Nothing breaks for 2025 clients; a 2026-07-28 client will not use these, so a server that depends on them loses that behaviour there.`,
      evidence: uniqueSeqs(seen.flatMap((s) => s.seqs.slice(0, 5))),
      fix: 'Plan the move: Streamable HTTP instead of legacy SSE; subscriptions/listen for change notifications; no reliance on ping, roots or logging notifications, or sampling, for 2026-07-28 clients.',
    });
  }
  return findings;
};
