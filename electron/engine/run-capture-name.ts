import path from 'node:path';

/**
 * The app journals each run to `<captures>/<ISO time>-<label>.parallax`: sortable by time, and
 * named by what a reader knows the run by. One place writes the name and one reads it back.
 */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 60) || 'probe';
const STAMPED = /^\d{4}-\d{2}-\d{2}T[\d-]+Z-(.+?)\.parallax(\.gz)?$/;

export function runCaptureFile(capturesDir: string, label: string, at = new Date()): string {
  return path.join(capturesDir, `${at.toISOString().replace(/[:.]/g, '-')}-${fileSafe(label)}.parallax`);
}

/** The label a run capture was named by; the file name itself for a capture named otherwise. */
export function runCaptureLabel(fileName: string): string {
  return STAMPED.exec(fileName)?.[1] ?? fileName.replace(/\.parallax(\.gz)?$/, '');
}
