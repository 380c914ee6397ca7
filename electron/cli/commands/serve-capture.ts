import { parseArgs } from 'node:util';
import { parsePace, recordedEndpoints, ReplayBook } from '../../../shared/replay/replay-book';
import { realtimeScriptsOf, responsesScriptsOf } from '../../../shared/replay/openai-script';
import { RealtimeReplay, ResponsesReplay } from '../../replay/openai-replay';
import { serveReplayOverStdio, startReplayServer } from '../../replay/replay-server';
import { UsageError, type Command } from '../command';
import { CaptureInputError, readDiagnosedCapture, type DiagnosedCapture } from '../../capture/diagnosed-capture';
import { parsePort } from '../parse-port';
import { ACCESS_FLAG_OPTIONS, ACCESS_FLAGS_USAGE, accessFromFlags } from '../access-flags';

export const serveCaptureCommand: Command = {
  name: 'serve-capture',
  summary: 'Answer MCP clients as the recorded server did, and OpenAI clients as the recorded API did, from a capture (a mock server for tests)',
  usage: `parallax serve-capture <capture.parallax | bundle.zip> [--port N] [--stdio] [--pace original|fast|<factor>] [--allow-host NAME]... [--allow-origin ORIGIN]...\n\n${ACCESS_FLAGS_USAGE}`,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { port: { type: 'string' }, stdio: { type: 'boolean', default: false }, pace: { type: 'string', default: 'original' }, ...ACCESS_FLAG_OPTIONS },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one capture, got ${positionals.length}` : 'which capture? Give its path');
    const access = accessFromFlags(values, 'parallax serve-capture', (line) => io.err(line));
    const pace = parsePace(values.pace);
    if (!pace) throw new UsageError(`--pace must be original, fast or a positive speed factor, got ${JSON.stringify(values.pace)}`);
    const path = positionals[0] as string;
    let capture: DiagnosedCapture;
    try {
      capture = await readDiagnosedCapture(path);
    } catch (error) {
      if (error instanceof CaptureInputError) {
        io.err(`parallax serve-capture: ${error.message}`);
        return 2;
      }
      throw error;
    }
    for (const s of capture.skipped.slice(0, 5)) io.err(`parallax serve-capture: skipped line ${s.line} (${s.kind}): ${s.reason}`);
    const book = ReplayBook.fromEnvelopes(capture.envelopes, path);
    const realtimeScripts = realtimeScriptsOf(capture.envelopes);
    const responsesScripts = responsesScriptsOf(capture.envelopes);
    if (book.size === 0 && realtimeScripts.length === 0 && responsesScripts.length === 0) {
      io.err(`parallax serve-capture: ${path} holds no answered MCP request from the Inspector or Server lane and no OpenAI traffic, so there is nothing to serve`);
      return 2;
    }
    // On stdio, stdout belongs to the protocol: every message of ours goes to stderr.
    const log = (line: string) => io.err(`serve-capture: ${line}`);
    if (values.stdio) {
      const { unmatched } = await serveReplayOverStdio(book, { pace, log, stdin: process.stdin, stdout: process.stdout });
      return unmatched > 0 ? 1 : 0;
    }
    const endpoints = recordedEndpoints(capture.diagnosis.views);
    const realtime = new RealtimeReplay(realtimeScripts, path, pace, log);
    const responses = new ResponsesReplay(responsesScripts, path, pace, log);
    const server = await startReplayServer(book, endpoints, { port: parsePort(values.port), pace, log, access, realtime, responses });
    io.out(`Serving ${book.size} recorded answer(s) from ${path} (pace ${values.pace}):`);
    for (const { transport, url } of server.urls) io.out(`  ${url}  (${transport === 'sse' ? 'legacy SSE' : 'Streamable HTTP'})`);
    if (server.openai.responsesBaseUrl) io.out(`  ${server.openai.responsesBaseUrl}  (OpenAI Responses, ${responsesScripts.length} recorded POST(s); --openai-base-url)`);
    if (server.openai.realtimeUrl) io.out(`  ${server.openai.realtimeUrl}  (OpenAI Realtime, ${realtimeScripts.length} recorded connection(s); --realtime-url)`);
    if (endpoints.stdio) io.out('  The capture also used stdio: run with --stdio, as a command, to serve it that way.');
    io.out('Stop with Ctrl+C.');
    await io.stopped;
    await server.close();
    return server.unmatched > 0 ? 1 : 0;
  },
};
