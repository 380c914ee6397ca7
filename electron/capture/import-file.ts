import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaptureSink, ImportFormat, ImportOrigin } from '../../shared/capture/envelope';
import { importHar } from '../../shared/capture/import/har-import';
import { type ImportedCapture, ImportError } from '../../shared/capture/import/imported-capture';
import { importJsonRpcLog } from '../../shared/capture/import/jsonrpc-log-import';
import { sniffTextFormat } from '../../shared/capture/import/sniff';
import { APP_VERSION } from '../app-version';
import { redactHeaderList } from '../../shared/security/secret-names';
import { oauthRedactingSink } from '../lanes/wire/redacting-sink';
import { CaptureJournal } from './journal';

/** HAR is one JSON document, read whole: past this size the import refuses instead of exhausting memory. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;
const SNIFF_BYTES = 4096;

/** How a file that is not a zip or gzip should be read, from its name and first bytes. */
export async function sniffFile(path: string): Promise<ImportFormat | 'capture'> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    return sniffTextFormat(path, buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

/**
 * Converts a HAR or JSON-RPC log into a `.parallax` file at `destination`, with credentials
 * removed as the live lanes remove them (browser HARs keep Authorization headers and OAuth
 * tokens), and returns what the header records about the import.
 */
export async function importToCapture(path: string, format: ImportFormat, destination: string): Promise<ImportOrigin> {
  const { size } = await stat(path);
  if (size > MAX_IMPORT_BYTES) {
    throw new ImportError(`${path} is ${Math.round(size / 1024 / 1024)} MiB; imports of HAR and JSON-RPC logs are limited to ${MAX_IMPORT_BYTES / 1024 / 1024} MiB.`);
  }
  const text = await readFile(path, 'utf8');
  const imported: ImportedCapture = format === 'har' ? importHar(text, path) : importJsonRpcLog(text, path);
  const { format: _format, version: _version, ...header } = imported.header;
  const journal = await CaptureJournal.create(destination, { ...header, app: { name: 'MCP Parallax', version: APP_VERSION } });
  // The OAuth sink learns each credential from the headers as they came, then scrubs it everywhere.
  const sink = oauthRedactingSink(credentialHeadersRemoved(journal), []);
  // The journal numbers envelopes in the order given, so the importer's seqs (and links) stay as they were.
  for (const { seq: _seq, ...envelope } of imported.envelopes) sink.record(envelope);
  await journal.close();
  return imported.header.imported ?? { format, file: path };
}

/** Request headers that carry a credential on purpose keep their scheme and lose the value. */
function credentialHeadersRemoved(sink: CaptureSink): CaptureSink {
  return {
    record(input) {
      const http = input.http;
      if (http?.phase !== 'request' || !http.headers) return sink.record(input);
      const { headers, redacted } = redactHeaderList(http.headers);
      return sink.record(redacted ? { ...input, http: { ...http, headers }, redacted: true } : input);
    },
  };
}

export function importedCapturePath(dir: string): string {
  return join(dir, 'imported.parallax');
}
