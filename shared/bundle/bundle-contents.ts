import { CAPTURE_VERSION, type CaptureHeader, type Envelope } from '../capture/envelope';
import { serializeEnvelope, serializeHeader } from '../capture/capture-lines';
import { buildHar } from '../capture/har';
import { diagnose } from '../diagnosis/diagnose';
import { findLeaks } from './leak-check';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_VERSION, type BundleEnvironment, type BundleManifest } from './manifest';
import type { RedactionOptions, RedactionPreview } from './redaction-options';
import { redactCapture } from './redactor';
import { buildReportHtml } from './report-html';
import { buildReportMarkdown } from './report-markdown';
import type { KnownSecret } from './secret-discovery';
import { buildToolsJson } from './tools-json';

export interface BundleInput {
  header: CaptureHeader;
  envelopes: readonly Envelope[];
  environment: BundleEnvironment;
  redaction: RedactionOptions;
  /** Secrets the exporter holds (the configured key, a server's env and token), removed wherever they appear. */
  known?: readonly KnownSecret[];
  createdAt?: Date;
}

export interface BundleFile {
  name: string;
  text: string;
}

export interface BundleContents {
  files: BundleFile[];
  manifest: BundleManifest;
  preview: RedactionPreview;
}

export class BundleLeakError extends Error {
  override name = 'BundleLeakError';
}

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/**
 * Every file of a bundle, built from one redacted copy of the capture: the HAR, tools.json and
 * both reports are derived from the redacted envelopes, so nothing the redactor removed can come
 * back through them. Before anything is returned each file is searched for every secret found,
 * in every form; a hit refuses the whole bundle rather than writing a leak.
 */
export function buildBundleContents(input: BundleInput): BundleContents {
  const redacted = redactCapture(input.header, input.envelopes, input.redaction, input.known);
  const ordered = [...redacted.envelopes].sort((a, b) => a.seq - b.seq);
  const capture = [serializeHeader(redacted.header), ...ordered.map(serializeEnvelope)].join('\n') + '\n';
  const { har } = buildHar(ordered, { creator: { name: input.environment.app.name, version: input.environment.app.version }, header: redacted.header });
  const diagnosis = diagnose(ordered, redacted.header);
  const createdAt = (input.createdAt ?? new Date()).toISOString();
  const body: BundleFile[] = [
    { name: BUNDLE_FILES.capture, text: capture },
    { name: BUNDLE_FILES.har, text: JSON.stringify(har, null, 1) },
    { name: BUNDLE_FILES.tools, text: JSON.stringify(buildToolsJson(diagnosis), null, 2) },
  ];
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    createdAt,
    ...input.environment,
    capture: {
      file: BUNDLE_FILES.capture, formatVersion: CAPTURE_VERSION, createdAt: redacted.header.createdAt,
      envelopes: ordered.length, emulated: redacted.header.emulated ?? false,
    },
    lanes: redacted.header.lanes,
    redaction: {
      enabled: !input.redaction.includeSecrets,
      userRules: input.redaction.rules.map((rule) => (rule.kind === 'header' ? { kind: rule.kind, name: rule.name } : rule.kind === 'json-path' ? { kind: rule.kind, path: rule.path } : { kind: rule.kind })),
      removed: redacted.counts,
      envelopesChanged: redacted.preview.envelopesChanged,
    },
    files: [],
  };
  const report = { diagnosis, envelopes: ordered, manifest };
  body.push({ name: BUNDLE_FILES.reportMarkdown, text: buildReportMarkdown(report) }, { name: BUNDLE_FILES.reportHtml, text: buildReportHtml(report) });
  manifest.files = body.map((f) => ({ name: f.name, bytes: byteLength(f.text) }));
  const files = [{ name: BUNDLE_FILES.manifest, text: JSON.stringify(manifest, null, 2) }, ...body];
  const leaks = findLeaks(files, redacted.secrets);
  if (leaks.length > 0) {
    throw new BundleLeakError(`refusing to write the bundle: a secret found by "${leaks[0]?.rule}" would still be in ${[...new Set(leaks.map((l) => l.file))].join(', ')}. Add a redaction rule for it, or report this.`);
  }
  return { files, manifest, preview: redacted.preview };
}
