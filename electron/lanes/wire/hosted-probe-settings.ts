import { z } from 'zod';
import {
  AllowedTools, defaultServerLabel, parseServerDescription, RequireApproval, type ServerDescription,
} from '../../../shared/lanes/server-description';
import type { ProbeOptions } from '../../probe/probe-lane';
import { splitCommandLine } from '../inspector/server-target';
import type { ProgressListener } from './step-log';
import type { ApprovalDecider } from './tool-call-request';

const isFunction = (value: unknown) => typeof value === 'function';
/** The UI sends "" for a field left empty; that means "not set". */
const optionalText = z.string().transform((v) => (v.trim() === '' ? undefined : v.trim())).optional();

/**
 * What `probe` hands a hosted lane in `options.lane.playground` / `options.lane.realtime`
 * (the CLI flags and the Setup screen fill the same fields). The key is resolved by the engine or
 * the CLI and passed here only; lanes never write it anywhere.
 */
export const HostedLaneSettings = z.object({
  apiKey: z.string().nullable().optional(),
  /** The Responses base URL (`.../v1`); the Realtime lane derives its endpoint from it when `url` is absent. */
  baseUrl: optionalText,
  /** The Realtime WebSocket URL. */
  url: optionalText,
  model: optionalText,
  beta: z.boolean().optional(),
  /** The user's own session.update text, sent verbatim (not trimmed: it is theirs). */
  sessionUpdate: z.string().transform((v) => (v.trim() === '' ? undefined : v)).optional(),
  label: optionalText,
  allowedTools: AllowedTools.optional(),
  requireApproval: RequireApproval.optional(),
  approve: z.custom<ApprovalDecider>(isFunction).optional(),
  onProgress: z.custom<ProgressListener>(isFunction).optional(),
}).loose();
export type HostedLaneSettings = z.output<typeof HostedLaneSettings>;

export function hostedSettingsOf(options: ProbeOptions, lane: 'playground' | 'realtime'): HostedLaneSettings {
  const parsed = HostedLaneSettings.safeParse(options.lane?.[lane] ?? {});
  if (parsed.success) return parsed.data;
  throw new Error(`bad ${lane} lane settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
}

const NO_KEY = 'no OpenAI API key: set OPENAI_API_KEY or enter a key in Settings (or point the lanes at the local emulator with --openai-base-url)';
const STDIO = 'a stdio server runs on this machine; OpenAI\'s hosted MCP client can only reach a public http(s) URL (serve it over HTTP behind a public tunnel to compare)';

/** Why a hosted lane does not run: no key and no custom endpoint, or a server OpenAI cannot reach. */
export function hostedSkipReason(options: ProbeOptions, lane: 'playground' | 'realtime'): string | undefined {
  let settings: HostedLaneSettings;
  try {
    settings = hostedSettingsOf(options, lane);
  } catch {
    return undefined; // run() reports the bad settings as a failure with the reason.
  }
  const customEndpoint = settings.baseUrl !== undefined || (lane === 'realtime' && settings.url !== undefined);
  if (!settings.apiKey && !customEndpoint) return NO_KEY;
  const ownSessionUpdate = lane === 'realtime' && settings.sessionUpdate !== undefined;
  if (options.server.startsWith('stdio:') && !ownSessionUpdate) return STDIO;
  return undefined;
}

/** The shared server description from probe's options, so every lane sees the same server under the same terms. */
export function serverDescriptionOf(options: ProbeOptions, settings: Pick<HostedLaneSettings, 'label' | 'allowedTools' | 'requireApproval'>): ServerDescription {
  const stdio = options.server.startsWith('stdio:');
  const [command = '', ...args] = stdio ? splitCommandLine(options.server.slice('stdio:'.length)) : [];
  const target = stdio ? { stdio: { command, args, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) } } : { url: options.server };
  return parseServerDescription({
    ...target,
    transport: options.transport,
    label: settings.label ?? defaultServerLabel(target),
    headers: options.headers,
    ...(options.bearerToken ? { authorization: options.bearerToken } : {}),
    ...(settings.allowedTools ? { allowed_tools: settings.allowedTools } : {}),
    ...(settings.requireApproval ? { require_approval: settings.requireApproval } : {}),
  });
}
