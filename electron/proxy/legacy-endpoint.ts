import { SseEventSplitter } from '../../shared/sse/event-splitter';

/** A hostile stream that never finishes its first event is passed on raw after this much. */
const MAX_HELD_BYTES = 64 * 1024;

/**
 * Legacy HTTP+SSE tells the client where to POST with a first `endpoint` event. When that URI
 * is absolute and names the upstream, the client would bypass the proxy; this rewrites it to
 * the path alone, which the client resolves against the proxy (or the tunnel in front of it).
 * Only the stream's opening is held, block by block, until the endpoint event or any other
 * data event has passed; every byte after that is forwarded as it arrives, untouched.
 */
export class EndpointEventRewriter {
  private looking = true;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private readonly decoder = new TextDecoder();
  private readonly splitter = new SseEventSplitter();
  /** The endpoint event as sent and as forwarded, once rewritten. */
  rewritten: { from: string; to: string } | null = null;

  constructor(private readonly rewrite: (data: string) => string | null) {}

  /** Bytes to forward now for this chunk (possibly none while the opening is held). */
  push(chunk: Buffer): Buffer {
    if (!this.looking) return chunk;
    this.held.push(chunk);
    this.heldBytes += chunk.byteLength;
    const blocks = this.splitter.push(this.decoder.decode(chunk, { stream: true }));
    let consumed = 0;
    const out: Buffer[] = [];
    for (const block of blocks) {
      consumed += Buffer.byteLength(block.raw);
      const { event, data } = block.fields;
      if (this.looking && event === 'endpoint') {
        const target = this.rewrite(data);
        if (target !== null && target !== data) {
          this.rewritten = { from: data, to: target };
          out.push(Buffer.from(block.raw.replace(data, target)));
        } else {
          out.push(Buffer.from(block.raw));
        }
        this.looking = false;
        continue;
      }
      out.push(Buffer.from(block.raw));
      if (data !== '' || event !== undefined) this.looking = false;
    }
    if (this.looking && this.heldBytes <= MAX_HELD_BYTES) {
      // Nothing decisive yet: keep holding (blocks seen so far are re-emitted from `held`).
      if (blocks.length === 0) return Buffer.alloc(0);
    }
    if (this.looking && this.heldBytes <= MAX_HELD_BYTES && blocks.length > 0) {
      // Comment or priming blocks only: they are final, forward them and keep looking at the rest.
      const all = Buffer.concat(this.held);
      this.held = [all.subarray(consumed)];
      this.heldBytes = this.held[0]?.byteLength ?? 0;
      return Buffer.concat(out);
    }
    this.looking = false;
    const all = Buffer.concat(this.held);
    this.held = [];
    return Buffer.concat([...out, all.subarray(consumed)]);
  }

  /** The stream ended: whatever is still held goes out as it came. */
  end(): Buffer {
    this.looking = false;
    const rest = Buffer.concat(this.held);
    this.held = [];
    return rest;
  }
}
