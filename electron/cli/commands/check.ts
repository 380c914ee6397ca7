import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { evaluateCheck, SEVERITIES, checkText, type Severity } from '../../../shared/check/check-policy';
import { toJunit } from '../../../shared/check/junit';
import { toSarif } from '../../../shared/check/sarif';
import { diffCaptures } from '../../../shared/compare/capture-diff';
import { APP_VERSION } from '../../app-version';
import { UsageError, type Command } from '../command';
import { CaptureInputError, diffSide, readDiagnosedCapture, type DiagnosedCapture } from '../../capture/diagnosed-capture';
import { isServerTarget, probeToCapture } from '../probe-to-capture';

const USAGE = [
  'parallax check <url | "stdio:<command line>" | capture.parallax | bundle.zip | file.har | log.jsonl>',
  '               [--fail-on error|warning|info] [--baseline capture.parallax]',
  '               [--junit OUT.xml] [--sarif OUT.sarif] [--json] [probe options, for a server]',
].join('\n');

interface CheckFlags {
  target: string;
  failOn: Severity;
  baseline?: string;
  junit?: string;
  sarif?: string;
  json: boolean;
  /** Everything else goes to `parallax probe` when the target is a server. */
  probeArgs: string[];
}

const OWN_VALUE_FLAGS = new Set(['--fail-on', '--baseline', '--junit', '--sarif']);

/** check's own flags are taken out; the rest are probe's, which validates them itself. */
function parseFlags(argv: string[]): CheckFlags {
  const values = new Map<string, string>();
  const rest: string[] = [];
  let json = false;
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (OWN_VALUE_FLAGS.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
    } else if (flag === '--json') json = true;
    else if (!arg.startsWith('-') && target === undefined) target = arg;
    else {
      rest.push(arg);
      // A probe flag's value travels with it.
      const next = argv[i + 1];
      if (arg.startsWith('--') && inline === undefined && next !== undefined && !next.startsWith('--')) rest.push(argv[++i] as string);
    }
  }
  if (target === undefined) throw new UsageError('what should be checked? Give a server URL, "stdio:<command>" or a capture');
  const failOn = (values.get('--fail-on') ?? 'error') as Severity;
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be error, warning or info, got ${JSON.stringify(values.get('--fail-on'))}`);
  if (rest.length > 0 && !isServerTarget(target)) throw new UsageError(`${rest[0]} is a probe option; a saved capture is checked as it is`);
  return { target, failOn, baseline: values.get('--baseline'), junit: values.get('--junit'), sarif: values.get('--sarif'), json, probeArgs: rest };
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Probe a server (or read a capture), diagnose it, and exit non-zero by policy: for CI',
  usage: USAGE,
  async run(argv, io) {
    const flags = parseFlags(argv);
    let capturePath = flags.target;
    if (isServerTarget(flags.target)) {
      const probed = await probeToCapture(flags.target, flags.probeArgs, io);
      if (typeof probed === 'number') return probed;
      capturePath = probed;
    }
    let current: DiagnosedCapture;
    let baseline: DiagnosedCapture | undefined;
    try {
      [current, baseline] = await Promise.all([readDiagnosedCapture(capturePath), flags.baseline === undefined ? undefined : readDiagnosedCapture(flags.baseline)]);
    } catch (error) {
      if (error instanceof CaptureInputError) {
        io.err(`parallax check: ${error.message}`);
        return 2;
      }
      throw error;
    }
    const outcome = evaluateCheck({
      target: flags.target, diagnosis: current.diagnosis, failOn: flags.failOn,
      ...(baseline ? { baseline: { label: baseline.path, diagnosis: baseline.diagnosis, diff: diffCaptures(diffSide(baseline), diffSide(current)) } } : {}),
    });
    if (flags.junit) await writeFile(flags.junit, toJunit(outcome));
    if (flags.sarif) {
      const captureUri = relative(process.cwd(), capturePath).split('\\').join('/');
      await writeFile(flags.sarif, `${JSON.stringify(toSarif(outcome, { toolVersion: APP_VERSION, captureUri: encodeURI(captureUri) }), null, 2)}\n`);
    }
    io.out(flags.json ? JSON.stringify({ ...outcome, capture: capturePath }) : `${checkText(outcome)}\n\ncapture: ${capturePath}`);
    return outcome.passed ? 0 : 1;
  },
};
