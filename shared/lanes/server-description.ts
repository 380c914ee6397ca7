import { CREDENTIAL_HEADER, REDACTED, redactUrl } from '../security/secret-names';
import { z } from 'zod';
import { HeaderList } from '../capture/envelope';
import type { McpToolConfig } from '../openai/mcp-tool-config';
import { TransportRequest } from './inspector-result';

/**
 * The server under test, described once and handed to every lane, so the Inspector, the
 * Playground and the Realtime lane see the same server under the same terms (headers, token,
 * `allowed_tools`, `require_approval`). The OpenAI `mcp` tool config and the default
 * `session.update` are derived from it by pure functions, so the UI can show exactly what the
 * lanes will send.
 */

const ToolFilter = z.object({ tool_names: z.array(z.string()).optional(), read_only: z.boolean().optional() }).strict();

export const AllowedTools = z.union([z.array(z.string()), ToolFilter]);
export const RequireApproval = z.union([
  z.enum(['always', 'never']),
  z.object({ always: ToolFilter.optional(), never: ToolFilter.optional() }).strict(),
]);

export const StdioCommand = z.object({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  cwd: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
}).strict();
export type StdioCommand = z.infer<typeof StdioCommand>;

/** OpenAI does not document a pattern for labels; this one is what every example and client uses. */
const LABEL_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const ServerDescription = z.object({
  /** An http(s) MCP endpoint; exactly one of `url` and `stdio`. */
  url: z.string().optional(),
  stdio: StdioCommand.optional(),
  transport: TransportRequest.default('auto'),
  /** `server_label` in the OpenAI tool config; the Inspector uses it only for display. */
  label: z.string().regex(LABEL_PATTERN, 'label must be 1-64 letters, digits, "_" or "-"'),
  /** Extra HTTP headers in order, sent by every lane (OpenAI's `headers`). */
  headers: HeaderList.default([]),
  /** A bearer token for the MCP server (OpenAI's `authorization`, the Inspector's `Authorization: Bearer`). */
  authorization: z.string().min(1).optional(),
  allowed_tools: AllowedTools.optional(),
  require_approval: RequireApproval.optional(),
}).strict().superRefine((value, context) => {
  if ((value.url === undefined) === (value.stdio === undefined)) {
    context.addIssue({ code: 'custom', message: 'a server needs exactly one of "url" and "stdio"', path: ['url'] });
    return;
  }
  if (value.url !== undefined && !/^https?:\/\/[^\s/]+/i.test(value.url)) {
    context.addIssue({ code: 'custom', message: `${JSON.stringify(value.url)} is not an http(s) URL`, path: ['url'] });
  }
  if (value.stdio && (value.transport === 'streamable-http' || value.transport === 'sse')) {
    context.addIssue({ code: 'custom', message: `transport "${value.transport}" needs a URL, but the server is a stdio command`, path: ['transport'] });
  }
  if (value.url !== undefined && value.transport === 'stdio') {
    context.addIssue({ code: 'custom', message: 'transport "stdio" needs a stdio command, not a URL', path: ['transport'] });
  }
  if (value.authorization !== undefined && value.headers.some(([name]) => name.toLowerCase() === 'authorization')) {
    // OpenAI rejects this combination before listing; refusing it here keeps the lanes comparable.
    context.addIssue({ code: 'custom', message: 'give the token either as "authorization" or as an Authorization header, not both', path: ['authorization'] });
  }
});
export type ServerDescription = z.output<typeof ServerDescription>;
export type ServerDescriptionInput = z.input<typeof ServerDescription>;

export class BadServerDescriptionError extends Error {
  override name = 'BadServerDescriptionError';
}

/** Parses a description, with every problem named in one message. */
export function parseServerDescription(input: unknown): ServerDescription {
  const parsed = ServerDescription.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new BadServerDescriptionError(`bad server description: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

/** A label from the URL's host or the command's name, for when the user gives none. */
export function defaultServerLabel(server: { url?: string; stdio?: { command: string } }): string {
  let base = 'mcp';
  if (server.url !== undefined) {
    try {
      base = new URL(server.url).hostname;
    } catch {
      // Left as "mcp": the description's own validation names the bad URL.
    }
  } else if (server.stdio) {
    base = server.stdio.command.split(/[\\/]/).pop() ?? base;
  }
  const label = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 64);
  return label === '' ? 'mcp' : label;
}

export type OpenAIToolPlan = { ok: true; config: McpToolConfig } | { ok: false; reason: string };

/**
 * The `mcp` tool OpenAI's hosted client is given for this server. A stdio server has no URL
 * OpenAI could reach, so the hosted lanes say so instead of running.
 */
export function mcpToolConfigFor(server: ServerDescription): OpenAIToolPlan {
  if (server.url === undefined) {
    return { ok: false, reason: 'a stdio server runs on this machine; OpenAI\'s hosted MCP client can only reach a public http(s) URL (serve it over HTTP behind a public tunnel to compare)' };
  }
  const config: McpToolConfig = { type: 'mcp', server_label: server.label, server_url: server.url };
  if (server.headers.length > 0) config.headers = Object.fromEntries(server.headers);
  if (server.authorization !== undefined) config.authorization = server.authorization;
  if (server.allowed_tools !== undefined) config.allowed_tools = server.allowed_tools;
  if (server.require_approval !== undefined) config.require_approval = server.require_approval;
  return { ok: true, config };
}

/**
 * The `session.update` the Realtime lane sends by default: GA needs `session.type`; the beta
 * interface has no such field and rejects it.
 */
export function defaultSessionUpdate(config: McpToolConfig, options: { beta: boolean; eventId?: string }): Record<string, unknown> {
  const session = options.beta ? { tools: [config] } : { type: 'realtime', tools: [config] };
  return { type: 'session.update', ...(options.eventId ? { event_id: options.eventId } : {}), session };
}

/** Hosts OpenAI's servers can never reach: worth a warning before a hosted lane runs. */
export function localHostOf(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return null;
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0.0.0.0') return host;
  const octets = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (octets) {
    const [a, b] = [Number(octets[1]), Number(octets[2])];
    if (a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return host;
  }
  if (/^f[cd][0-9a-f]{2}:/.test(host) || host.startsWith('fe80:')) return host;
  return null;
}

/** The description as captures and the UI may show it: the token and secret-looking headers replaced. */
export function redactedServerDescription(server: ServerDescription): Record<string, unknown> {
  return {
    ...(server.url !== undefined ? { url: redactUrl(server.url).url } : {}),
    ...(server.stdio ? { stdio: { command: server.stdio.command, args: server.stdio.args, envNames: Object.keys(server.stdio.env ?? {}) } } : {}),
    transport: server.transport,
    label: server.label,
    headers: server.headers.map(([name, value]) => [name, CREDENTIAL_HEADER.test(name) ? REDACTED : value]),
    ...(server.authorization !== undefined ? { authorization: REDACTED } : {}),
    ...(server.allowed_tools !== undefined ? { allowed_tools: server.allowed_tools } : {}),
    ...(server.require_approval !== undefined ? { require_approval: server.require_approval } : {}),
  };
}
