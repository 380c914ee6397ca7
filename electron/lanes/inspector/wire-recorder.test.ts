import { describe, expect, it } from 'vitest';
import { MemorySink } from '../../capture/memory-sink';
import { WireRecorder } from './wire-recorder';

describe('WireRecorder', () => {
  const traffic = (recorder: WireRecorder) => {
    recorder.jsonRpc('{"jsonrpc":"2.0","id":1,"method":"tools/list"}', 'out', { seq: 1 });
    recorder.jsonRpc('{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}', 'in', { seq: 2 });
    recorder.jsonRpc('server booting...', 'in', { seq: 3 });
  };

  it('indexes messages and invalid frames so a lane can cite them', () => {
    const sink = new MemorySink();
    const recorder = new WireRecorder(sink, 'c1');
    traffic(recorder);
    expect(recorder.lastExchange('tools/list').response?.message).toEqual({ jsonrpc: '2.0', id: 1, result: { tools: [] } });
    expect(recorder.invalidFrames).toMatchObject([{ seq: 3, preview: 'server booting...' }]);
  });

  it('without an index (a recording proxy) records the same envelopes and keeps no message', () => {
    const indexed = new MemorySink();
    traffic(new WireRecorder(indexed, 'c1'));
    const sink = new MemorySink();
    const recorder = new WireRecorder(sink, 'c1', 'server', { index: false });
    traffic(recorder);
    expect(recorder.messages).toEqual([]);
    expect(recorder.invalidFrames).toEqual([]);
    expect(sink.envelopes.map(({ layer, raw, link }) => ({ layer, raw, link }))).toEqual(indexed.envelopes.map(({ layer, raw, link }) => ({ layer, raw, link })));
  });
});
