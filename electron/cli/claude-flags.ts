import { MCP_CLIENT_BETAS, type McpClientBeta } from '../../shared/anthropic/mcp-connector-request';
import type { ProbeOptions } from '../probe/probe-lane';
import { UsageError } from './command';

/** `parallax probe` flags for the Claude lane, kept beside the probe command's own. */
export const claudeFlagOptions = {
  'anthropic-base-url': { type: 'string' },
  'claude-model': { type: 'string' },
  'claude-beta': { type: 'string' },
} as const;

export const CLAUDE_USAGE = [
  `               [--anthropic-base-url URL] [--claude-model NAME] [--claude-beta ${MCP_CLIENT_BETAS.join('|')}]`,
];

export interface ClaudeFlagValues {
  'anthropic-base-url'?: string;
  'claude-model'?: string;
  'claude-beta'?: string;
  label?: string;
  'allowed-tools'?: string;
}

/**
 * The Claude lane's settings from the flags: the key from ANTHROPIC_API_KEY only (never a flag,
 * so it stays out of shell history and process lists). Label and allowed tools are the hosted
 * lanes' flags, so every lane describes the server the same way.
 */
export function claudeLaneSettings(values: ClaudeFlagValues, env: NodeJS.ProcessEnv = process.env): NonNullable<ProbeOptions['lane']>['claude'] {
  const base = values['anthropic-base-url'];
  if (base !== undefined && !/^https?:\/\/[^\s/]/i.test(base)) throw new UsageError(`--anthropic-base-url must be an http(s) URL, got ${JSON.stringify(base)}`);
  const beta = values['claude-beta'];
  if (beta !== undefined && !(MCP_CLIENT_BETAS as readonly string[]).includes(beta)) throw new UsageError(`--claude-beta must be one of ${MCP_CLIENT_BETAS.join(', ')}, got ${JSON.stringify(beta)}`);
  const apiKey = env.ANTHROPIC_API_KEY?.trim();
  return {
    apiKey: apiKey ? apiKey : null,
    ...(base !== undefined ? { baseUrl: base } : {}),
    ...(values['claude-model'] !== undefined ? { model: values['claude-model'] } : {}),
    ...(beta !== undefined ? { beta: beta as McpClientBeta } : {}),
    ...(values.label !== undefined ? { label: values.label } : {}),
    ...(values['allowed-tools'] !== undefined ? { allowedTools: values['allowed-tools'].split(',').map((t) => t.trim()).filter(Boolean) } : {}),
  };
}
