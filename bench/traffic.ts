// Synthetic capture traffic for the benchmarks.
import type { CaptureSink } from '../shared/capture/envelope';

type Input = Parameters<CaptureSink['record']>[0];
/** A plausible mix: JSON-RPC over Streamable HTTP with SSE answers, and Realtime socket traffic. */
export function* traffic(count: number): Generator<Input> {
  let id = 0;
  let made = 0;
  while (made < count) {
    id++;
    const exchange = `i/x${id}`;
    const request = JSON.stringify({ jsonrpc: '2.0', id, method: id % 5 ? 'tools/call' : 'tools/list', params: { name: 'lookup_patient', arguments: { id: `p-${id}` } } });
    const result = JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `patient ${id} record`.repeat(4) }] } });
    const batch: Input[] = [
      { lane: 'inspector', conn: 'i', layer: 'http', dir: 'out', raw: request, http: { exchange, phase: 'request', method: 'POST', url: 'http://127.0.0.1:8000/mcp', headers: [['content-type', 'application/json'], ['accept', 'application/json, text/event-stream']] } },
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'out', raw: request, link: { exchange, carrier: 0 } },
      { lane: 'inspector', conn: 'i', layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'response', status: 200, statusText: 'OK', headers: [['content-type', 'text/event-stream']], elapsed: 3 } },
      { lane: 'inspector', conn: 'i', layer: 'sse', dir: 'in', raw: `event: message\ndata: ${result}\n\n`, http: { exchange, phase: 'body', elapsed: 4 }, link: { exchange } },
      { lane: 'inspector', conn: 'i', layer: 'jsonrpc', dir: 'in', raw: result, link: { exchange } },
      { lane: 'inspector', conn: 'i', layer: 'http', dir: 'in', raw: '', http: { exchange, phase: 'end', elapsed: 5 } },
      { lane: 'realtime', conn: 'r', layer: 'ws', dir: 'in', raw: JSON.stringify({ type: 'response.output_audio_transcript.delta', event_id: `ev_${id}`, delta: 'hello there' }), ws: { kind: 'text' } },
      { lane: 'realtime', conn: 'r', layer: 'ws', dir: 'out', raw: JSON.stringify({ type: 'input_audio_buffer.append', audio: 'UklGRiQAAABXQVZF'.repeat(8) }), ws: { kind: 'text' } },
    ];
    for (const input of batch) {
      if (made++ >= count) return;
      yield input;
    }
  }
}

