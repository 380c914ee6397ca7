import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BundleLeakError } from '../../../shared/bundle/bundle-contents';
import { RedactionOptions, type RedactionPreview } from '../../../shared/bundle/redaction-options';
import type { KnownSecret } from '../../../shared/bundle/secret-discovery';
import { exportBundle, previewBundle } from '../../bundle/export-bundle';
import { exportHarFile } from '../../capture/har-file';
import { createSecretStore } from '../../engine/secrets';
import { UsageError, type Command, type CommandIo } from '../command';
import { CaptureInputError, isUnreadableInput, openCaptureInput } from '../../capture/diagnosed-capture';

const SKIPPED_SHOWN = 10;

const USAGE = [
  'parallax export <capture.parallax[.gz] | bundle.zip> --har OUT.har',
  'parallax export <capture | bundle.zip> --bundle OUT.zip [--include-secrets] [--preview]',
  '                [--redact-header NAME]... [--redact-regex RE]... [--redact-json-path PATH]...',
].join('\n');

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a capture as HAR 1.2 (opens in browser devtools) or as a bug-report bundle (zip, secrets redacted)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        har: { type: 'string' }, bundle: { type: 'string' }, 'include-secrets': { type: 'boolean', default: false }, preview: { type: 'boolean', default: false },
        'redact-header': { type: 'string', multiple: true }, 'redact-regex': { type: 'string', multiple: true }, 'redact-json-path': { type: 'string', multiple: true },
      },
      allowPositionals: true, strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one capture, got ${positionals.length}` : 'which capture? Give its path');
    const capturePath = positionals[0] as string;
    if (values.bundle !== undefined || values.preview) {
      if (values.har !== undefined) throw new UsageError('give either --har or --bundle, not both');
      const redaction = redactionFromFlags(values);
      if (values.preview) return runGuarded(capturePath, io, () => printPreview(capturePath, redaction, io));
      const out = values.bundle as string;
      if (resolve(out) === resolve(capturePath)) throw new UsageError('--bundle must name a new file, not the capture itself');
      return runGuarded(capturePath, io, () => writeBundle(capturePath, out, redaction, io));
    }
    if (!values.har) throw new UsageError('--har OUT.har is required (or --bundle OUT.zip)');
    if (resolve(values.har) === resolve(capturePath)) throw new UsageError('--har must name a new file, not the capture itself');
    return exportHar(capturePath, values.har, io);
  },
};

interface RedactionFlags {
  'include-secrets'?: boolean;
  'redact-header'?: string[];
  'redact-regex'?: string[];
  'redact-json-path'?: string[];
}

function redactionFromFlags(values: RedactionFlags): RedactionOptions {
  const parsed = RedactionOptions.safeParse({
    includeSecrets: values['include-secrets'] ?? false,
    rules: [
      ...(values['redact-header'] ?? []).map((name) => ({ kind: 'header', name })),
      ...(values['redact-regex'] ?? []).map((pattern) => ({ kind: 'regex', pattern })),
      ...(values['redact-json-path'] ?? []).map((path) => ({ kind: 'json-path', path })),
    ],
  });
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => {
      const [, index, field] = issue.path;
      const flag = field === 'name' ? '--redact-header' : field === 'pattern' ? '--redact-regex' : field === 'path' ? '--redact-json-path' : 'a redaction rule';
      return `${flag} (rule ${Number(index) + 1}): ${issue.message}`;
    }).join('; '));
  }
  return parsed.data;
}

/** The OpenAI key this CLI would use (OPENAI_API_KEY) is removed wherever it appears, whatever its shape. */
async function knownSecrets(): Promise<KnownSecret[]> {
  const key = await createSecretStore(process.env).getApiKey();
  return key ? [{ rule: 'configured-key', value: key }] : [];
}

async function runGuarded(path: string, io: CommandIo, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (isUnreadableInput(error)) {
      io.err(`parallax export: cannot read ${path}: ${error.message}`);
      return 2;
    }
    if (error instanceof BundleLeakError) {
      io.err(`parallax export: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

function describePreview(preview: RedactionPreview): string[] {
  if (!preview.enabled) return ['Redaction is off (--include-secrets): the bundle keeps every secret in the capture.'];
  if (preview.items.length === 0) return [`No secrets found in ${preview.envelopes} frame(s); nothing will be removed.`];
  const width = Math.max(...preview.items.map((i) => i.label.length));
  return [
    `Will remove from ${preview.envelopesChanged} of ${preview.envelopes} frame(s):`,
    ...preview.items.map((i) => `  ${i.label.padEnd(width)}  ${String(i.count).padStart(4)}×  ${i.values} value(s): ${i.hints.join(', ')}`),
  ];
}

async function printPreview(capturePath: string, redaction: RedactionOptions, io: CommandIo): Promise<number> {
  const preview = await previewBundle({ source: capturePath, redaction, known: await knownSecrets() });
  reportSkipped(capturePath, preview.skipped, io);
  for (const line of describePreview(preview)) io.out(line);
  io.out('Nothing written (--preview).');
  return 0;
}

async function writeBundle(capturePath: string, out: string, redaction: RedactionOptions, io: CommandIo): Promise<number> {
  const result = await exportBundle({ source: capturePath, out, redaction, known: await knownSecrets() });
  reportSkipped(capturePath, result.skipped, io);
  for (const line of describePreview(result.contents.preview)) io.out(line);
  io.out(`Wrote ${out} (${result.bytes} bytes): ${result.contents.files.map((f) => f.name).join(', ')}.`);
  return 0;
}

async function exportHar(capturePath: string, harPath: string, io: CommandIo): Promise<number> {
  let source;
  try {
    source = await openCaptureInput(capturePath);
  } catch (error) {
    if (error instanceof CaptureInputError) {
      io.err(`parallax export: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const { capture } = source;
  try {
    reportSkipped(capturePath, capture.skipped, io);
    const { httpEntries, webSocketEntries, notExported } = await exportHarFile(harPath, capture.envelopes(), capture.header);
    io.out(`Wrote ${harPath}: ${httpEntries} HTTP exchange(s) and ${webSocketEntries} WebSocket connection(s) from ${capture.count} envelope(s).`);
    const left = Object.entries(notExported).map(([layer, count]) => `${count} ${layer}`);
    if (left.length) io.out(`Not in the HAR, which has no place for them: ${left.join(', ')} envelope(s).`);
    return 0;
  } finally {
    await source.close();
  }
}

function reportSkipped(path: string, skipped: readonly { kind: string; line: number; reason: string }[], io: CommandIo): void {
  if (!skipped.length) return;
  io.err(`parallax export: ${path} is damaged; ${skipped.length} piece(s) skipped, every readable envelope kept:`);
  for (const s of skipped.slice(0, SKIPPED_SHOWN)) io.err(`  line ${s.line}: ${s.kind}: ${s.reason}`);
  if (skipped.length > SKIPPED_SHOWN) io.err(`  …and ${skipped.length - SKIPPED_SHOWN} more`);
}
