import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaptureFormatError } from '../../../shared/capture/capture-lines';
import { openCapture } from '../../capture/capture-loader';
import { exportHarFile } from '../../capture/har-file';
import { UsageError, type Command, type CommandIo } from '../command';

const SKIPPED_SHOWN = 10;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export a capture as HAR 1.2 (opens in browser devtools)',
  usage: 'parallax export <capture.parallax[.gz]> --har OUT.har',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv, options: { har: { type: 'string' }, bundle: { type: 'string' } }, allowPositionals: true, strict: true,
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one capture, got ${positionals.length}` : 'which capture? Give its path');
    const capturePath = positionals[0] as string;
    if (values.bundle !== undefined) throw new UsageError('--bundle is not available in this build yet; use --har');
    if (!values.har) throw new UsageError('--har OUT.har is required');
    if (resolve(values.har) === resolve(capturePath)) throw new UsageError('--har must name a new file, not the capture itself');
    return exportHar(capturePath, values.har, io);
  },
};

async function exportHar(capturePath: string, harPath: string, io: CommandIo): Promise<number> {
  let capture;
  try {
    capture = await openCapture(capturePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof CaptureFormatError || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      io.err(`parallax export: cannot read ${capturePath}: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
  try {
    reportSkipped(capturePath, capture.skipped, io);
    const { httpEntries, webSocketEntries, notExported } = await exportHarFile(harPath, capture.envelopes(), capture.header);
    io.out(`Wrote ${harPath}: ${httpEntries} HTTP exchange(s) and ${webSocketEntries} WebSocket connection(s) from ${capture.count} envelope(s).`);
    const left = Object.entries(notExported).map(([layer, count]) => `${count} ${layer}`);
    if (left.length) io.out(`Not in the HAR, which has no place for them: ${left.join(', ')} envelope(s).`);
    return 0;
  } finally {
    await capture.close();
  }
}

function reportSkipped(path: string, skipped: readonly { kind: string; line: number; reason: string }[], io: CommandIo): void {
  if (!skipped.length) return;
  io.err(`parallax export: ${path} is damaged; ${skipped.length} piece(s) skipped, every readable envelope kept:`);
  for (const s of skipped.slice(0, SKIPPED_SHOWN)) io.err(`  line ${s.line}: ${s.kind}: ${s.reason}`);
  if (skipped.length > SKIPPED_SHOWN) io.err(`  …and ${skipped.length - SKIPPED_SHOWN} more`);
}
