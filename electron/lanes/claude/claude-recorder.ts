import type { Envelope } from '../../../shared/capture/envelope';
import { WireRecorder } from '../inspector/wire-recorder';
import { CREDENTIAL_HEADER, REDACTED } from '../../../shared/security/secret-names';

type EnvelopeInput = Parameters<WireRecorder['record']>[0];

/**
 * The recorder the shared recording `fetch` writes through for the Messages API: bodies are
 * Anthropic JSON, not JSON-RPC, so nothing is classified; the key header loses its value before
 * it is recorded (Anthropic's `x-api-key`, and `Authorization` for OAuth-style clients); and the body envelope of each exchange is remembered for evidence.
 */
export class ClaudeRecorder extends WireRecorder {
  private readonly bodies = new Map<string, number>();

  override record(input: EnvelopeInput): Envelope {
    if (input.http?.phase === 'request' && input.http.headers?.some(([name]) => CREDENTIAL_HEADER.test(name))) {
      const headers = input.http.headers.map(([name, value]): [string, string] => [name, CREDENTIAL_HEADER.test(name) ? REDACTED : value]);
      return super.record({ ...input, http: { ...input.http, headers }, redacted: true });
    }
    const envelope = super.record(input);
    if (input.http?.phase === 'body') this.bodies.set(input.http.exchange, envelope.seq);
    return envelope;
  }

  /** seq of the body envelope recorded for an exchange. */
  bodySeq(exchange: string): number | undefined {
    return this.bodies.get(exchange);
  }

  override jsonRpc(): void {
    // Not JSON-RPC: nothing to classify.
  }
}
