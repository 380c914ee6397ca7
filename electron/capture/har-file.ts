import { open, rename, rm } from 'node:fs/promises';
import type { CaptureHeader, Envelope } from '../../shared/capture/envelope';
import { HarBuilder, type HarBuildResult } from '../../shared/capture/har';
import type { Har } from '../../shared/capture/har-schema';
import { APP_VERSION } from '../app-version';
import { PRIVATE_FILE_MODE } from '../private-file';

export interface HarExportSummary {
  httpEntries: number;
  webSocketEntries: number;
  notExported: HarBuildResult['notExported'];
}

/**
 * Builds the HAR of a capture or a live session from its envelopes (in capture order) and writes
 * it to `path`. The CLI and the engine's "Export HAR" share this.
 */
export async function exportHarFile(
  path: string,
  envelopes: AsyncIterable<Envelope> | Iterable<Envelope>,
  header?: CaptureHeader,
): Promise<HarExportSummary> {
  const builder = new HarBuilder({ creator: { name: 'MCP Parallax', version: APP_VERSION }, ...(header ? { header } : {}) });
  for await (const envelope of envelopes) builder.add(envelope);
  const { har, notExported } = builder.finish();
  await writeHarFile(path, har);
  const webSocketEntries = har.log.entries.filter((e) => (e as Record<string, unknown>)._resourceType === 'websocket').length;
  return { httpEntries: har.log.entries.length - webSocketEntries, webSocketEntries, notExported };
}

/**
 * Writes a HAR file entry by entry, so a capture whose HAR exceeds V8's largest string still
 * exports, and through a temporary file renamed into place, so a failed export never leaves a
 * half-written file where a good one was.
 */
export async function writeHarFile(path: string, har: Har): Promise<void> {
  const temporary = `${path}.${process.pid}.partial`;
  const file = await open(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    const { entries, ...log } = har.log;
    const head = JSON.stringify({ log: { ...log, entries: [] } });
    const [before, after] = splitAtEntries(head);
    await file.write(`${before}\n`);
    for (let i = 0; i < entries.length; i++) {
      await file.write(`${JSON.stringify(entries[i])}${i < entries.length - 1 ? ',' : ''}\n`);
    }
    await file.write(after);
    await file.sync();
    await file.close();
    await rename(temporary, path);
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

function splitAtEntries(json: string): [string, string] {
  const marker = '"entries":[]';
  const at = json.lastIndexOf(marker);
  return [json.slice(0, at + marker.length - 1), json.slice(at + marker.length - 1)];
}
