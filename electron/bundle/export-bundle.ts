import { buildBundleContents, type BundleContents } from '../../shared/bundle/bundle-contents';
import { RedactionOptions, type RedactionOptionsInput, type RedactionPreview } from '../../shared/bundle/redaction-options';
import { redactCapture } from '../../shared/bundle/redactor';
import type { KnownSecret } from '../../shared/bundle/secret-discovery';
import type { Envelope } from '../../shared/capture/envelope';
import type { SkippedRecord } from '../capture/capture-loader';
import { openCaptureOrBundle } from '../capture/open-capture-or-bundle';
import { writeBundleZip } from './bundle-zip';
import { bundleEnvironment } from './environment';

export interface BundleRequest {
  /** A capture or a bundle (re-exported with the current rules). */
  source: string;
  redaction?: RedactionOptionsInput;
  /** Secrets the caller holds: the configured OpenAI key, a stdio server's env values, a token it sent. */
  known?: readonly KnownSecret[];
}

export interface BundlePreview extends RedactionPreview {
  /** Damage the loader skipped in the source, which the bundle will not contain either. */
  skipped: readonly SkippedRecord[];
}

export interface BundleExport {
  path: string;
  bytes: number;
  contents: BundleContents;
  skipped: readonly SkippedRecord[];
}

async function readSource(path: string) {
  const source = await openCaptureOrBundle(path);
  try {
    const envelopes: Envelope[] = [];
    for await (const envelope of source.capture.envelopes()) envelopes.push(envelope);
    return { header: source.capture.header, envelopes, skipped: source.capture.skipped };
  } finally {
    await source.close();
  }
}

/** What an export with these options would remove, and how often; nothing is written. */
export async function previewBundle(request: BundleRequest): Promise<BundlePreview> {
  const { header, envelopes, skipped } = await readSource(request.source);
  const { preview } = redactCapture(header, envelopes, RedactionOptions.parse(request.redaction ?? {}), request.known);
  return { ...preview, skipped };
}

/** Builds the bundle from the source (redacted unless asked otherwise) and writes it to `out`. */
export async function exportBundle(request: BundleRequest & { out: string }): Promise<BundleExport> {
  const { header, envelopes, skipped } = await readSource(request.source);
  const contents = buildBundleContents({
    header, envelopes, environment: bundleEnvironment(), redaction: RedactionOptions.parse(request.redaction ?? {}), ...(request.known ? { known: request.known } : {}),
  });
  const bytes = await writeBundleZip(request.out, contents.files);
  return { path: request.out, bytes, contents, skipped };
}
