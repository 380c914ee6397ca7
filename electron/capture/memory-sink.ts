import type { CaptureSink, Envelope } from '../../shared/capture/envelope';

/**
 * Keeps envelopes in memory and numbers them. The journal writes the same envelopes to disk;
 * tests and short CLI runs use this directly.
 */
export class MemorySink implements CaptureSink {
  readonly envelopes: Envelope[] = [];
  private nextSeq = 1;
  private readonly listeners = new Set<(envelope: Envelope) => void>();

  record(input: Omit<Envelope, 'seq' | 't'> & { t?: number }): Envelope {
    const envelope: Envelope = { ...input, seq: this.nextSeq++, t: input.t ?? Date.now() };
    this.envelopes.push(envelope);
    for (const listener of this.listeners) listener(envelope);
    return envelope;
  }

  subscribe(listener: (envelope: Envelope) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
