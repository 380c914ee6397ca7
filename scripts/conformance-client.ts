/**
 * The adapter the official MCP conformance suite runs as its "client under test":
 * `npx @modelcontextprotocol/conformance client --command "npx tsx scripts/conformance-client.ts" --scenario NAME`.
 * The suite appends the server URL to the command, names the scenario in
 * MCP_CONFORMANCE_SCENARIO and passes its data (client_id, client_secret, private_key_pem, ...)
 * as JSON in MCP_CONFORMANCE_CONTEXT. The adapter only translates those into the options a
 * user would give `parallax probe`; everything on the wire is Parallax's real Inspector lane.
 * Exit 0 when the lane finished without an error, 1 otherwise (the suite judges the wire).
 */
import { writeFile } from 'node:fs/promises';
import { MemorySink } from '../electron/capture/memory-sink';
import { runInspectorLane, type InspectorLaneOptions } from '../electron/lanes/inspector/inspector-lane';
import { parseServerTarget } from '../electron/lanes/inspector/server-target';
import { conformanceLaneOptions } from './conformance-scenarios';

async function main(): Promise<number> {
  const server = process.argv[2];
  const scenario = process.env.MCP_CONFORMANCE_SCENARIO;
  if (!server || !scenario) {
    process.stderr.write('usage: MCP_CONFORMANCE_SCENARIO=<name> [MCP_CONFORMANCE_CONTEXT=<json>] conformance-client <server-url>\n');
    return 2;
  }
  const context = parseContext(process.env.MCP_CONFORMANCE_CONTEXT);
  const options: InspectorLaneOptions = { target: parseServerTarget(server), requestTimeoutMs: 20_000, ...conformanceLaneOptions(scenario, context) };
  const sink = new MemorySink();
  const result = await runInspectorLane(options, sink);
  // Where the suite's runs can be searched for secrets afterwards (CI does: see .ci/run).
  const captureDir = process.env.PARALLAX_CONFORMANCE_CAPTURE_DIR;
  if (captureDir) {
    const name = `${scenario.replace(/[^\w.-]+/g, '_')}-${process.pid}.jsonl`;
    await writeFile(`${captureDir}/${name}`, sink.envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
  }
  const summary = { scenario, status: result.status, tools: result.tools.map((t) => t.tool.name), ...(result.error ? { error: result.error.message } : {}), ...(result.call ? { call: result.call.error ?? (result.call.isError ? 'isError' : 'ok') } : {}) };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return result.status === 'ok' && !result.call?.error ? 0 : 1;
}

function parseContext(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  const parsed: unknown = JSON.parse(raw);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('MCP_CONFORMANCE_CONTEXT is not a JSON object');
  return parsed as Record<string, unknown>;
}

main().then((code) => process.exit(code), (error: unknown) => {
  process.stderr.write(`conformance-client: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
