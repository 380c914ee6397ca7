import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BadServerDescriptionError } from '../../shared/lanes/server-description';
import { createSecretStore } from '../engine/secrets';
import { serverDescriptionOf, type HostedLaneSettings } from '../lanes/wire/hosted-probe-settings';
import type { ProbeOptions } from '../probe/probe-lane';
import { UsageError } from './command';

/** `parallax probe` flags for the Playground and Realtime lanes, kept beside the probe command's own. */
export const hostedFlagOptions = {
  'openai-base-url': { type: 'string' },
  'realtime-url': { type: 'string' },
  model: { type: 'string' },
  'responses-model': { type: 'string' },
  'session-update': { type: 'string' },
  beta: { type: 'boolean', default: false },
  label: { type: 'string' },
  'allowed-tools': { type: 'string' },
  'require-approval': { type: 'string' },
} as const;

export const HOSTED_USAGE = [
  '               [--openai-base-url URL] [--realtime-url URL] [--model REALTIME_MODEL] [--responses-model NAME]',
  '               [--session-update FILE] [--beta] [--label NAME] [--allowed-tools a,b] [--require-approval always|never]',
];

export interface HostedFlagValues {
  'openai-base-url'?: string;
  'realtime-url'?: string;
  model?: string;
  'responses-model'?: string;
  'session-update'?: string;
  beta?: boolean;
  label?: string;
  'allowed-tools'?: string;
  'require-approval'?: string;
}

function checkUrl(flag: string, value: string | undefined, schemes: string[]): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${flag} is not a URL: ${JSON.stringify(value)}`);
  }
  if (!schemes.includes(url.protocol)) throw new UsageError(`--${flag} must be ${schemes.map((s) => s.replace(':', '')).join(' or ')}, got ${url.protocol.replace(':', '')}`);
  return value;
}

/**
 * The hosted lanes' settings from the flags: the key from OPENAI_API_KEY (never a flag, so it
 * stays out of shell history and process lists), the pasted session.update read verbatim.
 */
export async function hostedLaneSettings(values: HostedFlagValues, env: NodeJS.ProcessEnv = process.env): Promise<NonNullable<ProbeOptions['lane']>> {
  const apiKey = await createSecretStore(env).getApiKey();
  let sessionUpdate: string | undefined;
  if (values['session-update'] !== undefined) {
    try {
      sessionUpdate = await readFile(resolve(values['session-update']), 'utf8');
    } catch (error) {
      throw new UsageError(`--session-update: cannot read ${values['session-update']}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const approval = values['require-approval'];
  if (approval !== undefined && approval !== 'always' && approval !== 'never') throw new UsageError(`--require-approval must be always or never, got ${JSON.stringify(approval)}`);
  const shared: HostedLaneSettings = {
    apiKey,
    ...(values.label !== undefined ? { label: values.label } : {}),
    ...(values['allowed-tools'] !== undefined ? { allowedTools: values['allowed-tools'].split(',').map((t) => t.trim()).filter(Boolean) } : {}),
    ...(approval !== undefined ? { requireApproval: approval } : {}),
  };
  const baseUrl = checkUrl('openai-base-url', values['openai-base-url'], ['http:', 'https:']);
  const realtimeUrl = checkUrl('realtime-url', values['realtime-url'], ['ws:', 'wss:']);
  return {
    playground: { ...shared, ...(baseUrl ? { baseUrl } : {}), ...(values['responses-model'] ? { model: values['responses-model'] } : {}) },
    realtime: {
      ...shared, ...(baseUrl ? { baseUrl } : {}), ...(realtimeUrl ? { url: realtimeUrl } : {}), ...(values.model ? { model: values.model } : {}),
      beta: values.beta ?? false, ...(sessionUpdate !== undefined ? { sessionUpdate } : {}),
    },
  };
}

/** Refuses, before anything runs, a server the hosted lanes could not describe to OpenAI (e.g. a token given twice). */
export function checkHostedServer(options: ProbeOptions): void {
  const settings = options.lane?.playground as HostedLaneSettings | undefined;
  try {
    serverDescriptionOf(options, settings ?? {});
  } catch (error) {
    if (error instanceof BadServerDescriptionError) throw new UsageError(error.message);
    throw error;
  }
}
