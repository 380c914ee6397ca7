import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_TIMING_THRESHOLD_MS, diffCaptures } from '../../../shared/compare/capture-diff';
import { diffHtml, diffText } from '../../../shared/compare/diff-report';
import { UsageError, type Command } from '../command';
import { isServerTarget, probeToCapture } from '../probe-to-capture';
import { CaptureInputError, diffSide, readDiagnosedCapture } from '../../capture/diagnosed-capture';

export const diffCommand: Command = {
  name: 'diff',
  summary: 'What changed between two captures: tools per lane, findings, negotiation, transport, timing',
  usage: 'parallax diff <before> <after> [--json] [--html OUT.html] [--timing-threshold-ms N] [--lanes a,b]   (each a .parallax, bundle .zip, .har or JSON-RPC .jsonl/.log, or a server URL or "stdio:<command line>", probed first with --lanes, default inspector)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { json: { type: 'boolean', default: false }, html: { type: 'string' }, 'timing-threshold-ms': { type: 'string' }, lanes: { type: 'string' } },
    });
    if (positionals.length !== 2) throw new UsageError(`expected two captures (before and after), got ${positionals.length}`);
    const threshold = values['timing-threshold-ms'] === undefined ? DEFAULT_TIMING_THRESHOLD_MS : Number(values['timing-threshold-ms']);
    if (!(Number.isFinite(threshold) && threshold >= 0)) throw new UsageError(`--timing-threshold-ms must be a number of ms, got ${JSON.stringify(values['timing-threshold-ms'])}`);
    if (values.lanes !== undefined && !positionals.some(isServerTarget)) throw new UsageError('--lanes is for a server that diff probes; saved captures are compared as they are');
    // A live server is probed into a capture first, so two runs against servers compare like two files.
    const paths: string[] = [];
    for (const target of positionals) {
      const probed = isServerTarget(target) ? await probeToCapture(target, ['--lanes', values.lanes ?? 'inspector'], io) : target;
      if (typeof probed === 'number') return probed;
      paths.push(probed);
    }
    const [beforePath, afterPath] = paths as [string, string];
    let sides;
    try {
      sides = await Promise.all([readDiagnosedCapture(beforePath), readDiagnosedCapture(afterPath)]);
    } catch (error) {
      if (error instanceof CaptureInputError) {
        io.err(`parallax diff: ${error.message}`);
        return 2;
      }
      throw error;
    }
    const [before, after] = sides;
    const diff = diffCaptures(diffSide(before), diffSide(after), { timingThresholdMs: threshold });
    if (values.html) await writeFile(values.html, diffHtml(diff));
    io.out(values.json ? JSON.stringify(diff) : diffText(diff));
    return diff.same ? 0 : 1;
  },
};
