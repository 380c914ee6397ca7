import { z } from 'zod';
import { CAPTURE_FORMAT, CAPTURE_VERSION, CaptureHeader, Envelope } from './envelope';
import { checkEnvelope } from './envelope-validator';

/**
 * Reading and writing the lines of a `.parallax` file. Pure, so the journal, the loader and
 * any future reader in the UI agree byte for byte.
 */

export class CaptureFormatError extends Error {
  override name = 'CaptureFormatError';
}

/** A capture written by a newer Parallax: refuse clearly rather than misread it. */
export class CaptureVersionError extends CaptureFormatError {
  override name = 'CaptureVersionError';
  constructor(readonly fileVersion: number, readonly readerVersion: number = CAPTURE_VERSION) {
    super(
      `This capture uses format version ${fileVersion}, but this MCP Parallax reads format versions 1 to ${readerVersion}. ` +
      'Open it with a newer MCP Parallax.',
    );
  }
}

type JsonRecord = Record<string, unknown>;
interface Upgrade {
  header(record: JsonRecord): JsonRecord;
  envelope(record: JsonRecord): JsonRecord;
}

/**
 * `upgrades[v - 1]` turns a version-v record into version v+1. Every format change adds one
 * entry and bumps CAPTURE_VERSION, which is how newer readers keep opening every older file.
 */
export const upgrades: readonly Upgrade[] = [];

function upgrade(kind: keyof Upgrade, record: JsonRecord, fromVersion: number): JsonRecord {
  let current = record;
  for (let v = fromVersion; v < CAPTURE_VERSION; v++) current = (upgrades[v - 1] as Upgrade)[kind](current);
  return current;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}

const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface HeaderLine {
  /** Upgraded to the current version. */
  header: CaptureHeader;
  /** The version the file was written in; envelope lines are read with it. */
  fileVersion: number;
  /** Why the header's `asked` record was dropped: it did not validate, and the rest of the header did. */
  droppedAsked?: string;
}

/** Parses the first line. Throws CaptureFormatError or CaptureVersionError: without a header nothing else can be read safely. */
export function parseHeaderLine(text: string): HeaderLine {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new CaptureFormatError(`The first line is not an MCP Parallax capture header: ${parsed.reason}`);
  const value = parsed.value;
  if (!isRecord(value) || value.format !== CAPTURE_FORMAT) {
    const found = isRecord(value) && 'format' in value ? `format ${JSON.stringify(value.format)}` : 'no "format" field';
    throw new CaptureFormatError(`Not an MCP Parallax capture: the first line has ${found}, expected "${CAPTURE_FORMAT}"`);
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new CaptureFormatError(`The capture header has an invalid version ${JSON.stringify(version)}`);
  }
  if (version > CAPTURE_VERSION) throw new CaptureVersionError(version);
  const upgraded = upgrade('header', value, version);
  const checked = CaptureHeader.safeParse(upgraded);
  if (checked.success) return { header: { ...checked.data, version: CAPTURE_VERSION }, fileVersion: version };
  // A capture may come from anyone: a broken record of what was asked costs the re-run, not the frames.
  if ('asked' in upgraded) {
    const { asked: _asked, ...rest } = upgraded;
    const without = CaptureHeader.safeParse(rest);
    if (without.success) {
      const reason = z.prettifyError(checked.error).replace(/\n/g, '; ');
      return { header: { ...without.data, version: CAPTURE_VERSION }, fileVersion: version, droppedAsked: `The record of what was asked (header field "asked") is invalid and was left out; the frames are all kept: ${reason}` };
    }
  }
  throw new CaptureFormatError(`The capture header is invalid: ${z.prettifyError(checked.error)}`);
}

export type EnvelopeLine = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/** Parses one envelope line written in `fileVersion`; a bad line is described, never thrown. */
export function parseEnvelopeLine(text: string, fileVersion: number): EnvelopeLine {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return { ok: false, reason: 'not a JSON object' };
  const record = upgrade('envelope', parsed.value, fileVersion);
  const envelope = checkEnvelope(record);
  if (envelope) return { ok: true, envelope };
  // Only a bad line pays for zod, whose words name the problem.
  const checked = Envelope.safeParse(record);
  if (!checked.success) return { ok: false, reason: `not a valid envelope: ${z.prettifyError(checked.error).replace(/\n/g, '; ')}` };
  return { ok: true, envelope: checked.data };
}

export function serializeHeader(header: CaptureHeader): string {
  return JSON.stringify(header);
}

/**
 * The envelope as a new object holding only the schema's fields, in the schema's order with `raw`
 * last, so that `JSON.stringify` of it is its line (see serializeEnvelope). An absent field is
 * left out, never set to undefined.
 *
 * Written out field by field because this is the journal's hot path: spreading the caller's
 * object (`{ ...input, seq, t }`) and then moving `raw` last cost several times the
 * `JSON.stringify` itself, and one `JSON.stringify` of a whole object is cheaper than one per
 * field. A field added to the Envelope schema must be added here too (capture-lines.fuzz.test.ts
 * checks that every schema field is written).
 */
export function envelopeInLineOrder(fields: Omit<Envelope, 'seq' | 't'>, seq: number, t: number): Envelope {
  const envelope: Omit<Envelope, 'raw'> & { raw?: string } = { seq, t, lane: fields.lane, conn: fields.conn, layer: fields.layer, dir: fields.dir };
  if (fields.encoding !== undefined) envelope.encoding = fields.encoding;
  if (fields.size !== undefined) envelope.size = fields.size;
  if (fields.http !== undefined) envelope.http = fields.http;
  if (fields.ws !== undefined) envelope.ws = fields.ws;
  if (fields.link !== undefined) envelope.link = fields.link;
  if (fields.incomplete !== undefined) envelope.incomplete = fields.incomplete;
  if (fields.truncated !== undefined) envelope.truncated = fields.truncated;
  if (fields.redacted !== undefined) envelope.redacted = fields.redacted;
  if (fields.large !== undefined) envelope.large = fields.large;
  if (fields.clip !== undefined) envelope.clip = fields.clip;
  envelope.raw = fields.raw;
  return envelope as Envelope;
}

/**
 * One envelope as one line (no newline). `raw` goes last so a reader can show the start of a
 * very large payload from the first bytes of its line without reading the rest. Keys other than
 * the schema's are not written; readers drop them anyway.
 */
export function serializeEnvelope(envelope: Envelope): string {
  return JSON.stringify(envelopeInLineOrder(envelope, envelope.seq, envelope.t));
}

/** The key that starts `raw` in a serialized envelope; see serializeEnvelope. */
export const RAW_KEY = '"raw":"';

/**
 * Decodes the start of a JSON string body (the text after its opening quote) that may have been
 * cut anywhere, even inside an escape. Used to preview payloads too large to read whole.
 */
export function decodeJsonStringPrefix(body: string): { text: string; complete: boolean } {
  let end = 0;
  let complete = false;
  while (end < body.length) {
    const ch = body.charCodeAt(end);
    if (ch === 0x22 /* " */) {
      complete = true;
      break;
    }
    if (ch === 0x5c /* \ */) {
      const escapeLength = body[end + 1] === 'u' ? 6 : 2;
      if (end + escapeLength > body.length) break;
      end += escapeLength;
    } else {
      end++;
    }
  }
  return { text: JSON.parse(`"${body.slice(0, end)}"`) as string, complete };
}
