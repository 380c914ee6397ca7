/**
 * Where the Realtime beta interface's `session` fields went in GA. Source: the `openai` package's
 * types, `openai/resources/beta/realtime/realtime` (the beta `Session`) against
 * `openai/resources/realtime/realtime` (`RealtimeSessionCreateRequest`), 5.x and 7.x. GA refuses a
 * beta name with `unknown_parameter`, one field at a time, so a beta-era update fails on the
 * first such field and the rest stay hidden until it is fixed.
 */
const MOVED: Record<string, string | null> = {
  modalities: 'output_modalities',
  voice: 'audio.output.voice',
  speed: 'audio.output.speed',
  output_audio_format: 'audio.output.format',
  input_audio_format: 'audio.input.format',
  input_audio_transcription: 'audio.input.transcription',
  input_audio_noise_reduction: 'audio.input.noise_reduction',
  turn_detection: 'audio.input.turn_detection',
  max_response_output_tokens: 'max_output_tokens',
  // No GA session field: sampling temperature is gone, and client secrets come from POST /v1/realtime/client_secrets.
  temperature: null,
  client_secret: null,
};

export interface BetaField {
  field: string;
  /** The GA field that replaced it; null where GA has none. */
  ga: string | null;
}

/** The beta-only fields among a session object's keys, in the order given. */
export function betaSessionFields(keys: readonly string[]): BetaField[] {
  return keys.filter((k) => Object.hasOwn(MOVED, k)).map((field) => ({ field, ga: MOVED[field] ?? null }));
}

export const describeBetaField = ({ field, ga }: BetaField): string => (ga ? `${field} -> ${ga}` : `${field} (no GA field; drop it)`);
