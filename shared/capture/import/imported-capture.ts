import { CaptureFormatError } from '../capture-lines';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type CaptureHeader, type Envelope, type ImportFormat, type LaneId } from '../envelope';

/** A file converted into capture envelopes, ready to be written as a `.parallax` file. */
export interface ImportedCapture {
  header: CaptureHeader;
  /** In seq order, numbered from 1; `link.carrier` refers to these seqs. */
  envelopes: Envelope[];
  /** Also in `header.imported.notes`: what was left out or guessed. */
  notes: string[];
}

/** The file cannot be imported; a CaptureFormatError so the CLI reports it as bad input (exit 2). */
export class ImportError extends CaptureFormatError {
  override name = 'ImportError';
}

export type EnvelopeDraft = Omit<Envelope, 'seq' | 'link'> & {
  link?: { exchange?: string };
  /** The draft whose bytes held this one; becomes `link.carrier` once seqs are assigned. */
  carrier?: EnvelopeDraft;
};

/**
 * Collects envelopes in the order their source listed them, then numbers them in time order
 * (stable, so a carrier recorded before the message it holds stays before it at the same t).
 */
export class DraftList {
  private readonly drafts: EnvelopeDraft[] = [];

  add(draft: EnvelopeDraft): EnvelopeDraft {
    this.drafts.push(draft);
    return draft;
  }

  get size(): number {
    return this.drafts.length;
  }

  finish(): Envelope[] {
    const ordered = this.drafts.map((draft, i) => ({ draft, i })).sort((a, b) => a.draft.t - b.draft.t || a.i - b.i);
    const seqOf = new Map<EnvelopeDraft, number>();
    ordered.forEach(({ draft }, i) => seqOf.set(draft, i + 1));
    return ordered.map(({ draft }, i) => {
      const { carrier, link, ...rest } = draft;
      const carrierSeq = carrier ? seqOf.get(carrier) : undefined;
      const merged = { ...link, ...(carrierSeq !== undefined ? { carrier: carrierSeq } : {}) };
      return { ...rest, seq: i + 1, ...(Object.keys(merged).length ? { link: merged } : {}) };
    });
  }
}

export function importedHeader(format: ImportFormat, file: string, envelopes: readonly Envelope[], notes: readonly string[], createdAt: number): CaptureHeader {
  const lanes: { lane: LaneId; conn: string }[] = [];
  const seen = new Set<string>();
  for (const envelope of envelopes) {
    const key = `${envelope.lane}\u0000${envelope.conn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lanes.push({ lane: envelope.lane, conn: envelope.conn });
  }
  return {
    format: CAPTURE_FORMAT,
    version: CAPTURE_VERSION,
    app: { name: 'MCP Parallax import', version: String(CAPTURE_VERSION) },
    createdAt: new Date(Number.isFinite(createdAt) ? createdAt : 0).toISOString(),
    lanes,
    imported: { format, file, ...(notes.length ? { notes: [...notes] } : {}) },
  };
}

const ENCODER = new TextEncoder();

/** UTF-8 byte length without Node's Buffer (shared code runs in the renderer too). */
export function utf8Bytes(text: string): number {
  return ENCODER.encode(text).length;
}

/** The last path segment, for labels: an import never records where on disk the file was. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}
