/**
 * The Realtime interfaces the emulator can speak, as data: today's GA interface, and the 2025
 * beta interface kept as a named historical profile so old captures replay and old clients can be
 * explained. Wherever the beta profile shows, its label says it is retired.
 */
export const REALTIME_INTERFACES = {
  ga: {
    label: 'GA',
    description: "Today's Realtime API: session.type required; a beta-shaped client (OpenAI-Beta: realtime=v1, the openai-beta.realtime-v1 subprotocol, beta-only events) gets beta_api_shape_disabled and the socket closes.",
  },
  'beta-2025': {
    label: 'beta-2025 (retired)',
    description: 'Historical profile, retired: the 2025 API, where a beta-shaped client got the beta interface (no session.type, conversation.item.created, never conversation.item.done) and GA clients got GA.',
  },
} as const;

export type RealtimeInterfaceName = keyof typeof REALTIME_INTERFACES;
export const REALTIME_INTERFACE_NAMES = Object.keys(REALTIME_INTERFACES) as RealtimeInterfaceName[];

export function isRealtimeInterfaceName(value: string): value is RealtimeInterfaceName {
  return Object.hasOwn(REALTIME_INTERFACES, value);
}

/**
 * What today's API sends a beta-shaped connection before it closes the socket
 * [reported, first-hand, August 2026; see docs/openai.md].
 */
export const BETA_RETIRED_ERROR = {
  type: 'invalid_request_error',
  code: 'beta_api_shape_disabled',
  message: 'The Realtime Beta API is no longer supported. Please use /v1/realtime for the GA API.',
  param: null,
} as const;

/** The close code that follows it [reported]. */
export const BETA_RETIRED_CLOSE_CODE = 4000;

/** Client events only the beta interface has (from the `openai` package: beta client event types minus GA's). */
export const BETA_ONLY_CLIENT_EVENTS: readonly string[] = ['transcription_session.update'];
