import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { APP_VERSION } from '../../app-version';
import { CaptureJournal } from '../../capture/journal';
import { DEFAULT_UPSTREAM, parseUpstream, startRealtimeTap, TapUpstreamError } from '../../proxy/realtime-tap';
import { UsageError, type Command } from '../command';
import { limitsFromFlags } from '../limit-flags';
import { parsePort } from '../parse-port';
import { ACCESS_FLAG_OPTIONS, ACCESS_FLAGS_USAGE, accessFromFlags } from '../access-flags';

export const tapRealtimeCommand: Command = {
  name: 'tap-realtime',
  summary: 'Record your own Realtime client: a local Realtime endpoint that forwards to OpenAI or the emulator',
  usage: [
    `parallax tap-realtime [--port N] [--upstream URL] [--allow-host NAME]... [--allow-origin ORIGIN]... [--limit NAME=VALUE ...] [--settings FILE.json] --out FILE.parallax`,
    '',
    `Point your client's Realtime URL at the printed address (its own key passes through to the`,
    `upstream and is recorded redacted). --upstream defaults to ${DEFAULT_UPSTREAM}; for the local`,
    'emulator give its Realtime URL (parallax emulate prints it). POST /v1/responses passes through too.',
    'Past frames-per-second (default 5000) delta events are counted, not recorded, with a marker per second.',
    'A message past message-bytes (default 64 MiB) closes that connection with 1009 on both sides; one past',
    'frame-bytes (16 MiB) reaches the other side whole and is recorded as head, tail, length and SHA-256.',
    ACCESS_FLAGS_USAGE,
  ].join('\n'),
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, upstream: { type: 'string' }, out: { type: 'string' }, limit: { type: 'string', multiple: true }, settings: { type: 'string' }, ...ACCESS_FLAG_OPTIONS }, strict: true });
    if (!values.out) throw new UsageError('--out is required: the capture file to record into');
    const upstream = values.upstream ?? DEFAULT_UPSTREAM;
    try {
      parseUpstream(upstream);
    } catch (error) {
      if (error instanceof TapUpstreamError) throw new UsageError(error.message);
      throw error;
    }
    const port = parsePort(values.port);
    const access = accessFromFlags(values, 'parallax tap-realtime', (line) => io.err(line));
    const limits = await limitsFromFlags(values.settings, values.limit ?? []);
    const path = resolve(values.out);
    let journal: CaptureJournal;
    try {
      journal = await CaptureJournal.create(path, {
        app: { name: 'MCP Parallax', version: APP_VERSION },
        createdAt: new Date().toISOString(),
        lanes: [{ lane: 'client', settings: { upstream } }],
      }, { maxFileBytes: limits.captureBytes, readBack: false });
    } catch (error) {
      io.err(`parallax tap-realtime: cannot write the capture ${path}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    let tap;
    try {
      tap = await startRealtimeTap({ upstream, port, sink: journal, limits, access });
    } catch (error) {
      await journal.close();
      io.err(`parallax tap-realtime: cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    io.out(`Realtime tap in front of ${tap.upstream}`);
    io.out(`  Realtime URL for your client: ${tap.realtimeUrl}?model=gpt-realtime`);
    io.out(`  OpenAI client baseURL (Responses too): ${tap.baseUrl}`);
    io.out(`  Recording into: ${journal.path} ("Your client" lane). Ctrl+C stops it.`);
    await io.stopped;
    await tap.close();
    await journal.close();
    io.out(`Saved ${journal.lastSeq} frames to ${journal.path}`);
    return 0;
  },
};
