import { BundleFormatError } from '../../shared/bundle/manifest';
import { CaptureFormatError } from '../../shared/capture/capture-lines';
import type { CaptureHeader, Envelope, ImportOrigin } from '../../shared/capture/envelope';
import type { DiffSide } from '../../shared/compare/capture-diff';
import { diagnose, type Diagnosis } from '../../shared/diagnosis/diagnose';
import { openCaptureOrBundle, type OpenedCaptureSource } from './open-capture-or-bundle';

export interface DiagnosedCapture {
  path: string;
  header: CaptureHeader;
  envelopes: Envelope[];
  diagnosis: Diagnosis;
  skipped: readonly { line: number; kind: string; reason: string }[];
  /** Set when the file was a HAR or JSON-RPC log, converted on open. */
  imported?: ImportOrigin;
}

/** The file could not be read as a capture or bundle: the commands exit 2 with this message. */
export class CaptureInputError extends Error {
  override name = 'CaptureInputError';
}

/** The error says the file is missing, not readable, or not a capture or bundle: the user's input, not a bug. */
export function isUnreadableInput(error: unknown): error is Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return error instanceof CaptureFormatError || error instanceof BundleFormatError || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR';
}

/** Opens a capture or bundle; a file that is neither, or cannot be read, is a CaptureInputError. */
export async function openCaptureInput(path: string, onEnvelope?: (envelope: Envelope) => void): Promise<OpenedCaptureSource> {
  try {
    return await openCaptureOrBundle(path, { onEnvelope });
  } catch (error) {
    if (isUnreadableInput(error)) throw new CaptureInputError(`cannot read ${path}: ${error.message}`);
    throw error;
  }
}

/** Opens a capture or bundle, reads every envelope and diagnoses it, as `parallax diagnose` does. */
export async function readDiagnosedCapture(path: string): Promise<DiagnosedCapture> {
  // The load's one pass hands over each envelope it keeps, in file order, as capture.envelopes()
  // would read them back: reading the file a second time doubled the cost of a diagnosis.
  const envelopes: Envelope[] = [];
  const source = await openCaptureInput(path, (envelope) => envelopes.push(envelope));
  try {
    const { capture } = source;
    const diagnosis = diagnose(envelopes, capture.header, { skipped: capture.skipped });
    return { path, header: capture.header, envelopes, diagnosis, skipped: capture.skipped, ...(source.imported ? { imported: source.imported } : {}) };
  } finally {
    await source.close();
  }
}

export const diffSide = (capture: DiagnosedCapture): DiffSide => ({ label: capture.path, diagnosis: capture.diagnosis, envelopes: capture.envelopes });
