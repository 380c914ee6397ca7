import type { LaneId } from '../capture/envelope';
import { applyAllowedTools } from '../openai/mcp-tool-config';
import { isRecord, jsonDifferences } from './json';
import { mcpConfigsOf, type LaneView, type McpLaneView, type ViewTool } from './views/lane-view';

/**
 * present: the lane lists it. absent: the lane listed tools but not this one. filtered: absent
 * because the lane's `allowed_tools` (Claude: its `mcp_toolset` configuration) leaves it out. invalid: the server sent it, but malformed
 * (strict clients drop the whole list). not-loaded: the lane never got a tool list.
 */
export type CellState = 'present' | 'absent' | 'filtered' | 'invalid' | 'not-loaded';

export interface SchemaDifference {
  field: 'description' | 'schema' | 'annotations';
  /** JSON pointers inside the field where the lane's copy differs from the server's. */
  paths: string[];
  server: unknown;
  lane: unknown;
}

export interface MatrixCell {
  state: CellState;
  /** The envelope that listed the tool in this lane (or proves the list). */
  evidence: number[];
  differences: SchemaDifference[];
}

export interface MatrixRow {
  name: string;
  cells: Partial<Record<LaneId, MatrixCell>>;
}

/**
 * Where a lane's list came from: the MCP revision its client spoke and the cache hint the list
 * carried (a 2026-07-28 client may reuse it for `ttlMs` instead of asking again).
 */
export interface ListProvenance {
  revision?: string;
  /** How the revision was settled: `server/discover` or `initialize`. */
  via?: string;
  cacheHint?: { ttlMs?: number; cacheScope?: string; seq: number };
  evidence: number[];
}

export interface ToolMatrix {
  lanes: LaneId[];
  /** MCP lanes: the revision and cache hint behind each lane's list. */
  provenance: Partial<Record<LaneId, ListProvenance>>;
  /** The lane whose tools count as "what the server sent": the Server lane when recorded, else the Inspector. */
  reference?: LaneId;
  rows: MatrixRow[];
}

export function referenceView(views: readonly LaneView[]): LaneView | undefined {
  return views.find((v) => v.lane === 'server' && v.toolsState === 'listed') ?? views.find((v) => v.lane === 'inspector');
}

export function buildToolMatrix(views: readonly LaneView[]): ToolMatrix {
  const reference = referenceView(views);
  const names: string[] = [];
  for (const view of [reference, ...views]) for (const tool of view?.tools ?? []) if (!names.includes(tool.name)) names.push(tool.name);
  const rows = names.map((name): MatrixRow => {
    const serverTool = reference?.tools.find((t) => t.name === name);
    const cells: MatrixRow['cells'] = {};
    for (const view of views) cells[view.lane] = cellFor(view, name, serverTool, view === reference);
    return { name, cells };
  });
  const provenance: ToolMatrix['provenance'] = {};
  for (const view of views) {
    const found = view.kind === 'mcp' ? provenanceOf(view) : undefined;
    if (found) provenance[view.lane] = found;
  }
  return { lanes: views.map((v) => v.lane), provenance, ...(reference ? { reference: reference.lane } : {}), rows };
}

function provenanceOf(view: McpLaneView): ListProvenance | undefined {
  const initialize = view.initializes.find((i) => i.negotiated);
  const revision = view.negotiation?.revision ?? initialize?.negotiated;
  const via = view.negotiation?.via ?? (initialize ? 'initialize' : undefined);
  // The last walk's first page is the list the lane ended with.
  const page = view.listings.at(-1)?.pages.find((p) => p.cacheHint && p.responseSeq !== undefined);
  if (revision === undefined && !page) return undefined;
  return {
    ...(revision !== undefined ? { revision } : {}),
    ...(via !== undefined ? { via } : {}),
    ...(page?.cacheHint && page.responseSeq !== undefined ? { cacheHint: { ...page.cacheHint, seq: page.responseSeq } } : {}),
    evidence: [view.negotiation?.seq ?? initialize?.responseSeq, page?.responseSeq].filter((s): s is number => s !== undefined),
  };
}

function cellFor(view: LaneView, name: string, serverTool: ViewTool | undefined, isReference: boolean): MatrixCell {
  const tool = view.tools.find((t) => t.name === name);
  if (tool) {
    const invalid = tool.issues.some((i) => i.severity === 'error');
    return {
      state: invalid ? 'invalid' : 'present', evidence: [tool.seq],
      differences: isReference || !serverTool || view.kind === 'mcp' ? [] : schemaDifferences(serverTool, tool),
    };
  }
  if (view.toolsState !== 'listed') return { state: 'not-loaded', evidence: view.toolsEvidence, differences: [] };
  // Claude: listed by the server but switched off by the request's mcp_toolset configuration.
  if (view.kind === 'claude' && view.disabled.some((d) => d.name === name)) {
    return { state: 'filtered', evidence: view.disabled.filter((d) => d.name === name).flatMap((d) => [d.requestSeq, d.seq]), differences: [] };
  }
  const filteredBy = mcpConfigsOf(view).some((config) => config.allowed_tools && serverTool && applyAllowedTools(config, [{ name, annotations: serverTool.annotations }]).tools.length === 0);
  return { state: filteredBy ? 'filtered' : 'absent', evidence: view.toolsEvidence, differences: [] };
}

/** How an OpenAI lane's copy of a tool differs from what the server sent (OpenAI may normalise both). */
export function schemaDifferences(server: ViewTool, lane: ViewTool): SchemaDifference[] {
  const out: SchemaDifference[] = [];
  if ((server.description ?? null) !== (lane.description ?? null)) out.push({ field: 'description', paths: ['/'], server: server.description ?? null, lane: lane.description ?? null });
  const schemaPaths = jsonDifferences(server.schema, lane.schema);
  if (schemaPaths.length > 0) out.push({ field: 'schema', paths: schemaPaths, server: server.schema, lane: lane.schema });
  // null, {} and absent annotations all mean "none".
  const none = (v: unknown) => v === undefined || v === null || (isRecord(v) && Object.keys(v).length === 0);
  if (!(none(server.annotations) && none(lane.annotations))) {
    const annotationPaths = jsonDifferences(server.annotations ?? null, lane.annotations ?? null);
    if (annotationPaths.length > 0) out.push({ field: 'annotations', paths: annotationPaths, server: server.annotations ?? null, lane: lane.annotations ?? null });
  }
  return out;
}
