import type * as GA from 'openai/resources/realtime/realtime';
import type { Session as BetaSession } from 'openai/resources/beta/realtime/sessions';
import { newId } from '../ids';

/** The GA session as `session.created`/`session.updated` carry it (the object fields the API adds on top of the request shape). */
export type GaSession = GA.RealtimeSessionCreateRequest & { id: string; object: 'realtime.session'; expires_at: number };
/** The beta session object; `model` is any string (the beta types list only preview models) and `tools` may hold MCP tools. */
export type BetaSessionObject = Omit<BetaSession, 'model' | 'tools'> & { model: string; object: 'realtime.session'; expires_at: number; tools: unknown[] };

/** A new session's defaults, shaped like the API's (no emulator label inside: the upgrade header carries it). */
export function gaSession(model: string): GaSession {
  return {
    type: 'realtime',
    object: 'realtime.session',
    id: newId('sess'),
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    model,
    output_modalities: ['audio'],
    instructions: '',
    tools: [],
    tool_choice: 'auto',
    max_output_tokens: 'inf',
    tracing: null,
    prompt: null,
    truncation: 'auto',
    audio: {
      input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200, create_response: true, interrupt_response: true } },
      output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
    },
  };
}

export function betaSession(model: string): BetaSessionObject {
  return {
    object: 'realtime.session',
    id: newId('sess'),
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    model,
    modalities: ['text', 'audio'],
    instructions: '',
    voice: 'alloy',
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200 },
    tools: [],
    tool_choice: 'auto',
    temperature: 0.8,
    max_response_output_tokens: 'inf',
  };
}
