import type { Envelope, LaneId } from '../capture/envelope';
import type { Diagnosis } from '../diagnosis/diagnose';
import type { CellState, MatrixCell } from '../diagnosis/tool-matrix';
import { LANE_NAMES } from '../diagnosis/views/build-views';
import { summarizeEnvelope } from '../frames/summary';
import type { BundleManifest } from './manifest';

/** What both reports show; built once so report.md and report.html cannot disagree. */
export interface ReportInput {
  diagnosis: Diagnosis;
  /** The (redacted) envelopes, to show each finding's evidence. */
  envelopes: readonly Envelope[];
  manifest: BundleManifest;
}

/** Evidence frames shown per finding; the rest are listed by seq. */
export const EVIDENCE_SHOWN = 4;
/** Characters of a frame's payload shown inline; the capture in the bundle has all of it. */
export const EXCERPT_CHARS = 2_000;

export interface EvidenceFrame {
  seq: number;
  lane: string;
  layer: string;
  dir: string;
  label: string;
  excerpt: string;
  cut: boolean;
}

export function evidenceFrames(evidence: readonly number[], bySeq: ReadonlyMap<number, Envelope>): { shown: EvidenceFrame[]; more: number[] } {
  const shown: EvidenceFrame[] = [];
  const more: number[] = [];
  for (const seq of evidence) {
    const envelope = bySeq.get(seq);
    if (!envelope || shown.length >= EVIDENCE_SHOWN) {
      more.push(seq);
      continue;
    }
    const text = payloadForReading(envelope);
    shown.push({
      seq, lane: LANE_NAMES[envelope.lane], layer: envelope.layer, dir: envelope.dir === 'out' ? 'client → server' : 'server → client',
      label: summarizeEnvelope(envelope).label, excerpt: text.slice(0, EXCERPT_CHARS), cut: text.length > EXCERPT_CHARS,
    });
  }
  return { shown, more };
}

/** The payload as a person reads it: JSON indented, HTTP heads as header lines, binary said to be binary. */
function payloadForReading(envelope: Envelope): string {
  if (envelope.encoding === 'base64') return `(binary, ${envelope.size ?? envelope.raw.length} bytes; see the capture)`;
  const http = envelope.http;
  const head = http && (http.phase === 'request' || http.phase === 'response')
    ? [http.phase === 'request' ? `${http.method ?? 'GET'} ${http.url ?? ''}` : `HTTP ${http.status ?? ''} ${http.statusText ?? ''}`.trim(), ...(http.headers ?? []).map(([k, v]) => `${k}: ${v}`)].join('\n')
    : '';
  const body = indentJson(envelope.raw);
  return [head, body].filter(Boolean).join('\n\n');
}

function indentJson(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

export const CELL_TEXT: Record<CellState, string> = {
  present: '✓',
  absent: 'missing',
  filtered: 'filtered',
  invalid: 'invalid',
  'not-loaded': 'not loaded',
};

export function cellText(cell: MatrixCell | undefined): string {
  if (!cell) return '';
  const differences = cell.differences.map((d) => d.field);
  return `${CELL_TEXT[cell.state]}${differences.length ? ` (${differences.join(', ')} differ)` : ''}`;
}

export function laneName(lane: LaneId): string {
  return LANE_NAMES[lane];
}

export function environmentLine(manifest: BundleManifest): string {
  const runtime = [`Node ${manifest.runtime.node}`, manifest.runtime.electron ? `Electron ${manifest.runtime.electron}` : '', manifest.runtime.chromium ? `Chromium ${manifest.runtime.chromium}` : ''].filter(Boolean).join(', ');
  return `${manifest.app.name} ${manifest.app.version} on ${manifest.os.platform} ${manifest.os.release} (${manifest.os.arch}); ${runtime}`;
}

export function redactionLine(manifest: BundleManifest): string {
  const r = manifest.redaction;
  if (!r.enabled) return 'Redaction was turned off for this bundle: it may contain secrets.';
  if (r.removed.length === 0) return 'Redaction was on; no secrets were found.';
  return `Redaction was on: ${r.removed.map((c) => `${c.label} ×${c.count}`).join(', ')} (${r.envelopesChanged} frame(s) changed).`;
}
