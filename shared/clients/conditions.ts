import type { Condition } from './rulebook/schema';

/** A tool as the server sent it, with what the tool validation found. */
export interface ReplyTool {
  name: string;
  raw: unknown;
  /** The envelope whose tools/list page carried it. */
  seq: number;
  /** What the MCP SDK's Tool schema rejects in it, if anything (its first message). */
  invalid?: string;
}

/** The server's reply as the rules see it: its tools and the parts of the handshake rules look at. */
export interface ServerReply {
  tools: ReplyTool[];
  /** The frames that carried the tool list (tools/list responses). */
  toolsEvidence: number[];
  /** The name clients are configured with for this server (`{server}` in name templates). */
  serverName: string;
  capabilities?: { value: Record<string, unknown>; seq: number };
  oauthChallenge?: { seq: number };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Hostile schemas nest deeper than any real one; the walk stops here. */
const MAX_SCHEMA_DEPTH = 64;
const CHILDREN = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
const LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;
const MAPS = ['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas'] as const;

/** The first subschema (depth-first, root first) for which `found` is true, with its JSON pointer. */
function findInSchema(schema: unknown, path: string, found: (node: Record<string, unknown>) => boolean, depth = 0): string | undefined {
  if (!isRecord(schema) || depth > MAX_SCHEMA_DEPTH) return undefined;
  if (found(schema)) return path;
  for (const key of CHILDREN) {
    const hit = findInSchema(schema[key], `${path}/${key}`, found, depth + 1);
    if (hit !== undefined) return hit;
  }
  for (const key of LISTS) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const [i, child] of list.entries()) {
      const hit = findInSchema(child, `${path}/${key}/${i}`, found, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  for (const key of MAPS) {
    const map = schema[key];
    if (!isRecord(map)) continue;
    for (const [name, child] of Object.entries(map)) {
      const hit = findInSchema(child, `${path}/${key}/${name}`, found, depth + 1);
      if (hit !== undefined) return hit;
    }
  }
  return undefined;
}

/** The name a client builds from a template such as `mcp__{server}__{tool}`. */
export const clientName = (template: string, serverName: string, tool: string): string => template.replaceAll('{server}', serverName).replaceAll('{tool}', tool);

const patterns = new Map<string, RegExp>();
function wholeMatch(source: string): RegExp {
  let regex = patterns.get(source);
  if (!regex) {
    regex = new RegExp(source, 'u');
    patterns.set(source, regex);
  }
  return regex;
}

type ToolCondition = Exclude<Condition, { kind: 'tool-count-above' | 'capability' | 'oauth-challenge' }>;

/** Why a tool condition holds for this tool, in one clause; undefined when it does not. */
export function toolConditionHolds(condition: ToolCondition, tool: ReplyTool, reply: ServerReply): string | undefined {
  const raw = isRecord(tool.raw) ? tool.raw : {};
  switch (condition.kind) {
    case 'name-not-matching':
      return wholeMatch(condition.pattern).test(tool.name) ? undefined : `the name ${JSON.stringify(tool.name.slice(0, 100))} does not match ${condition.pattern}`;
    case 'name-longer-than': {
      const built = clientName(condition.template, reply.serverName, tool.name);
      return built.length > condition.max ? `${condition.template === '{tool}' ? 'the name' : `${JSON.stringify(built.slice(0, 100))} (${condition.template}, server "${reply.serverName}")`} is ${built.length} characters, over ${condition.max}` : undefined;
    }
    case 'description-missing':
      return raw.description === undefined || raw.description === null ? 'the tool has no description' : undefined;
    case 'description-longer-than':
      return typeof raw.description === 'string' && raw.description.length > condition.max ? `the description is ${raw.description.length} characters, over ${condition.max}` : undefined;
    case 'schema-keyword': {
      const keys = condition.keywords;
      if (condition.where === 'root') {
        const key = isRecord(raw.inputSchema) ? keys.find((k) => k in (raw.inputSchema as Record<string, unknown>)) : undefined;
        return key ? `inputSchema has ${key} at its root` : undefined;
      }
      const at = findInSchema(raw.inputSchema, '/inputSchema', (node) => keys.some((k) => k in node));
      if (at === undefined) return undefined;
      const node = pointerGet(raw, at);
      return `inputSchema uses ${keys.filter((k) => isRecord(node) && k in node).join(', ')} at ${at}`;
    }
    case 'schema-nullable': {
      const found = condition.form === 'anyOf'
        ? (node: Record<string, unknown>) => Array.isArray(node.anyOf) && node.anyOf.some((s) => isRecord(s) && s.type === 'null')
        : (node: Record<string, unknown>) => Array.isArray(node.type) && node.type.includes('null');
      const at = findInSchema(raw.inputSchema, '/inputSchema', found);
      return at === undefined ? undefined : `${at} is nullable as ${condition.form === 'anyOf' ? 'anyOf [..., {type:"null"}]' : 'type [..., "null"]'}`;
    }
    case 'tool-invalid':
      return tool.invalid;
    case 'always':
      return 'every tool';
  }
}

function pointerGet(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    if (Array.isArray(node)) node = node[Number(part)];
    else if (isRecord(node)) node = node[part];
    else return undefined;
  }
  return node;
}
