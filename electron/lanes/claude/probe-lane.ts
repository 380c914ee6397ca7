import { redactUrl } from '../../../shared/security/secret-names';
import { z } from 'zod';
import { CLAUDE_STDIO_REASON, MCP_CLIENT_BETAS } from '../../../shared/anthropic/mcp-connector-request';
import { redactedServerDescription, type ServerDescription } from '../../../shared/lanes/server-description';
import type { ClaudeResult } from '../../../shared/lanes/claude-lane-result';
import type { LaneRun, ProbeLane, ProbeOptions } from '../../probe/probe-lane';
import { badInputRun } from '../wire/describe-hosted';
import { HostedLaneSettings, serverDescriptionOf } from '../wire/hosted-probe-settings';
import { DEFAULT_ANTHROPIC_BASE_URL, DEFAULT_CLAUDE_MODEL, runClaudeLane } from './claude-lane';

/**
 * What `probe` hands the Claude lane in `options.lane.claude`: the hosted lanes' shared fields
 * (label, allowed tools, progress) plus the connector beta. The key is resolved by the engine or
 * the CLI (ANTHROPIC_API_KEY) and passed here only.
 */
export const ClaudeLaneSettings = HostedLaneSettings.extend({ beta: z.enum(MCP_CLIENT_BETAS).optional() });
export type ClaudeLaneSettings = z.output<typeof ClaudeLaneSettings>;

function settingsOf(options: ProbeOptions): ClaudeLaneSettings {
  const parsed = ClaudeLaneSettings.safeParse(options.lane?.claude ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(`bad claude lane settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

export const NO_ANTHROPIC_KEY = 'no Anthropic API key: set ANTHROPIC_API_KEY (or point the lane at the local emulator with --anthropic-base-url)';

/** The Claude lane's result as `probe` reports it. */
function claudeLaneRun(result: ClaudeResult): LaneRun {
  const error = result.error?.message ?? result.skipped;
  const lines = [`  ${result.endpoint} (model ${result.model}, anthropic-beta ${result.beta})`];
  const last = result.steps.at(-1);
  if (last) lines.push(`  status: ${last.name} ${last.status}: ${last.detail}`);
  for (const listing of result.listings) {
    lines.push(`  mcp_tool_listing "${listing.serverName}": ${listing.tools.length} tool(s) listed`);
    for (const tool of listing.tools) lines.push(`  - ${tool.name}${tool.enabled ? '' : ' (disabled by the toolset configuration)'}`);
  }
  if (result.droppedHeaders.length > 0) lines.push(`  not sent (the connector has no header field): ${result.droppedHeaders.join(', ')}`);
  if (result.call) lines.push(`  call ${result.call.name}: ${result.call.status}${result.call.detail ? ` - ${result.call.detail}` : ''}`);
  return { summary: { status: result.status, tools: result.tools.map((t) => t.name), ...(error ? { error } : {}) }, detail: result, lines };
}

/** The Claude lane (Anthropic's Messages API MCP connector) as `parallax probe` and the Setup screen run it. */
export const claudeProbeLane: ProbeLane = {
  id: 'claude',
  skipReason(options) {
    let settings: ClaudeLaneSettings;
    try {
      settings = settingsOf(options);
    } catch {
      return undefined; // run() reports the bad settings as a failure with the reason.
    }
    if (!settings.apiKey && settings.baseUrl === undefined) return NO_ANTHROPIC_KEY;
    if (options.server.startsWith('stdio:')) return CLAUDE_STDIO_REASON;
    return undefined;
  },
  config(options) {
    let settings: ClaudeLaneSettings = {};
    let server: Record<string, unknown> = { target: redactUrl(options.server).url };
    try {
      settings = settingsOf(options);
      server = redactedServerDescription(serverDescriptionOf(options, settings));
    } catch {
      // Bad settings or server: run() reports them; the header keeps the plain target.
    }
    return {
      lane: 'claude', conn: 'claude', server,
      settings: { endpoint: `${(settings.baseUrl ?? DEFAULT_ANTHROPIC_BASE_URL).replace(/\/+$/, '')}/v1/messages`, model: settings.model ?? DEFAULT_CLAUDE_MODEL, beta: settings.beta ?? 'default', apiKey: settings.apiKey ? '[redacted]' : 'none', call: options.call?.name },
    };
  },
  async run(options, sink, signal) {
    let settings: ClaudeLaneSettings;
    let server: ServerDescription;
    try {
      settings = settingsOf(options);
      server = serverDescriptionOf(options, settings);
    } catch (error) {
      return badInputRun(error);
    }
    const result = await runClaudeLane({
      server,
      apiKey: settings.apiKey ?? null,
      ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
      ...(settings.model ? { model: settings.model } : {}),
      ...(settings.beta ? { beta: settings.beta } : {}),
      ...(options.call ? { call: options.call } : {}),
      ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
      ...(settings.onProgress ? { onProgress: settings.onProgress } : {}),
      signal,
    }, sink);
    return claudeLaneRun(result);
  },
};
