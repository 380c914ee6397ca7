import { MCP_CLIENT_BETA_LISTING } from '../../anthropic/mcp-connector-request';
import { uniqueSeqs } from '../json';
import type { ClaudeExchangeView, ClaudeLaneView } from '../views/lane-view';
import { nonPublicHostReason } from './non-public-host';
import { count, list, type DiagnosisFinding, type Rule } from './rule';

const isClaude = (v: { kind: string }): v is ClaudeLaneView => v.kind === 'claude';
const UNREACHABLE = /Failed to connect to MCP server|connect(ion)? (error|failed).*MCP server|MCP server.*(unreachable|timed? ?out)/i;
const BAD_TOKEN = /Invalid authorization token for MCP server/i;

function seqs(exchange: ClaudeExchangeView): number[] {
  return uniqueSeqs([exchange.requestSeq, exchange.responseSeq, exchange.error?.seq]);
}

/** The API's refusals of a request: the MCP server unreachable, its token refused, the key refused, or the request itself. */
function refusals(view: ClaudeLaneView): DiagnosisFinding[] {
  return view.exchanges.flatMap((exchange): DiagnosisFinding[] => {
    const error = exchange.error;
    if (!error) return [];
    const message = error.message;
    const servers = exchange.mcpServers.map((s) => `\`${s.name}\` (${s.url})`).join(', ');
    if (BAD_TOKEN.test(message)) {
      return [{
        id: 'claude.mcp-unauthorized', severity: 'error', lanes: [view.lane],
        title: `Anthropic's MCP connector was refused by the server: ${message}`,
        detail: `POST /v1/messages (seq ${exchange.requestSeq}) was answered HTTP ${exchange.status ?? '?'}: "${message}". The connector reached ${servers} but the server refused its credentials. The connector sends only \`authorization_token\`, as \`Authorization: Bearer <token>\`; it has no field for other headers.`,
        evidence: seqs(exchange),
        fix: 'Put a valid OAuth access token for the server in mcp_servers[].authorization_token (the API does not run the OAuth flow for you); a server that wants an API-key header cannot be used through the connector.',
        headline: 'the MCP server refuses the token Anthropic\'s connector sends',
      }];
    }
    if (UNREACHABLE.test(message)) {
      const local = exchange.mcpServers.map((s) => nonPublicHostReason(s.url) ?? (/^https:/i.test(s.url) ? null : 'plain http, not https')).find(Boolean);
      return [{
        id: 'claude.server-unreachable', severity: 'error', lanes: [view.lane],
        title: `Anthropic's MCP connector could not reach the server: ${message}`,
        detail: `POST /v1/messages (seq ${exchange.requestSeq}) was answered HTTP ${exchange.status ?? '?'}: "${message}". The connector runs on Anthropic's servers, so ${servers} must be reachable from the public Internet over https and answer every request (even with a 404/405) so the transport fallback can finish.${local ? ` The URL is ${local}: Anthropic cannot reach it.` : ''}`,
        evidence: seqs(exchange),
        fix: local ? 'Serve the MCP server on a public https URL (a tunnel for a local server) and give that URL in mcp_servers.' : 'Check with the Inspector lane that the URL answers initialize and tools/list over Streamable HTTP or SSE, and that nothing (firewall, WAF, IP allowlist) blocks Anthropic\'s servers.',
        headline: 'Anthropic\'s MCP connector cannot reach the server',
      }];
    }
    if (exchange.status === 401 || exchange.status === 403 || error.type === 'authentication_error' || error.type === 'permission_error') {
      return [{
        id: 'claude.api-key-refused', severity: 'error', lanes: [view.lane],
        title: `The Messages API refused the Anthropic key: ${message}`,
        detail: `POST /v1/messages (seq ${exchange.requestSeq}) was answered HTTP ${exchange.status ?? '?'} ${error.type ?? ''}: "${message}". Nothing reached the MCP server.`,
        evidence: seqs(exchange),
        fix: 'Set ANTHROPIC_API_KEY (or the Claude key in Setup) to a valid key; it is sent as x-api-key.',
      }];
    }
    return [{
      id: 'claude.request-rejected', severity: 'error', lanes: [view.lane],
      title: `The Messages API rejected the request: ${message.slice(0, 160)}`,
      detail: `POST /v1/messages (seq ${exchange.requestSeq}, anthropic-beta ${exchange.beta ?? 'none'}) was answered HTTP ${exchange.status ?? '?'} ${error.type ?? ''}: "${message}".`,
      evidence: seqs(exchange),
      fix: 'Check the request against the MCP connector docs: every mcp_servers entry needs type "url", an https url and a unique name, referenced by exactly one mcp_toolset in tools, and the anthropic-beta header must name the connector beta.',
    }];
  });
}

/** Tools the server listed that the request's `mcp_toolset` configuration keeps from the model. */
function disabled(view: ClaudeLaneView): DiagnosisFinding[] {
  if (view.disabled.length === 0) return [];
  const names = view.disabled.map((d) => d.name);
  return [{
    id: 'claude.toolset-disabled', severity: 'warning', lanes: [view.lane],
    title: `Claude is not offered ${count(names.length, 'tool')} the server lists: the mcp_toolset configuration disables them`,
    detail: `The mcp_tool_listing block lists ${list(names)}, but the request's mcp_toolset (default_config / configs; a tool's own configs entry wins over default_config) leaves ${names.length === 1 ? 'it' : 'them'} switched off, so the model never sees ${names.length === 1 ? 'it' : 'them'}.`,
    evidence: uniqueSeqs(view.disabled.flatMap((d) => [d.requestSeq, d.seq])),
    fix: 'Enable them in the mcp_toolset (configs: {"<tool>": {"enabled": true}}, or drop default_config.enabled: false) if the model should use them.',
    headline: `Claude's toolset configuration hides ${list(names, 3)}`,
  }];
}

/** What the lane itself warned about while building the request. */
function warnings(view: ClaudeLaneView): DiagnosisFinding[] {
  return view.warnings.flatMap((warning): DiagnosisFinding[] => {
    if (warning.code === 'claude-headers-dropped') {
      return [{
        id: 'claude.headers-dropped', severity: 'warning', lanes: [view.lane],
        title: 'Anthropic\'s MCP connector cannot send the server\'s custom headers',
        detail: `${warning.message}. An mcp_servers entry has only type, url, name and authorization_token; other lanes sent these headers, so a server that needs them answers Claude differently.`,
        evidence: [warning.seq],
        fix: 'Accept an OAuth bearer token (authorization_token) instead of custom headers, or encode what the header carried in the URL.',
      }];
    }
    if (warning.code === 'claude-url-not-public' && !view.emulated) {
      return [{
        id: 'claude.url-not-public', severity: 'warning', lanes: [view.lane],
        title: 'The server URL is not one Anthropic\'s servers can reach',
        detail: `${warning.message}. The docs require a URL that starts with https:// and a server publicly exposed through HTTP.`,
        evidence: [warning.seq],
        fix: 'Expose the server on a public https URL (a tunnel for a local server).',
      }];
    }
    return [];
  });
}

/** A message came back, but the beta in use reports no listing: the lane cannot say which tools Claude sees. */
function unreported(view: ClaudeLaneView): DiagnosisFinding[] {
  if (!view.listingUnreported) return [];
  const exchange = view.exchanges.find((x) => x.status === 200);
  return [{
    id: 'claude.listing-unreported', severity: 'info', lanes: [view.lane],
    title: `Under ${exchange?.beta ?? 'this beta'} the Messages API does not report which tools it listed`,
    detail: 'The connector reached the server (the request succeeded), but the response has no mcp_tool_listing block, so the tools Claude is offered are unknown rather than empty.',
    evidence: uniqueSeqs([exchange?.requestSeq, exchange?.bodySeq]),
    fix: `Probe with anthropic-beta ${MCP_CLIENT_BETA_LISTING} (--claude-beta), whose responses carry the listing.`,
  }];
}

/** Claude-specific findings, each with the frames that show it. */
export const claudeRule: Rule = ({ views }) => views.filter(isClaude).filter((v) => v.status !== 'skipped')
  .flatMap((view) => [...refusals(view), ...disabled(view), ...warnings(view), ...unreported(view)]);
