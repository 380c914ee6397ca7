import type { Envelope } from '../../../shared/capture/envelope';
import { WireRecorder } from '../inspector/wire-recorder';
import { redactHeaderList } from '../../../shared/security/secret-names';

type EnvelopeInput = Parameters<WireRecorder['record']>[0];

/**
 * The recorder the shared recording `fetch` writes through for the Responses API. Its bodies
 * and SSE events are OpenAI events, not JSON-RPC, so they are kept as http/sse envelopes only;
 * and the request's `Authorization` header is redacted before it is recorded.
 */
export class ResponsesRecorder extends WireRecorder {
  private readonly sseByExchange = new Map<string, number[]>();

  override record(input: EnvelopeInput): Envelope {
    if (input.layer === 'sse' && input.http) {
      const envelope = super.record(input);
      const seqs = this.sseByExchange.get(input.http.exchange) ?? [];
      seqs.push(envelope.seq);
      this.sseByExchange.set(input.http.exchange, seqs);
      return envelope;
    }
    if (input.http?.phase !== 'request' || !input.http.headers) return super.record(input);
    const { headers, redacted } = redactHeaderList(input.http.headers);
    return super.record({ ...input, http: { ...input.http, headers }, ...(redacted ? { redacted: true } : {}) });
  }

  /** seqs of the sse envelopes recorded for an exchange, in order. */
  sseSeqs(exchange: string): number[] {
    return this.sseByExchange.get(exchange) ?? [];
  }

  override jsonRpc(): void {
    // Not JSON-RPC: nothing to classify.
  }
}
