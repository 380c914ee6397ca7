import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleManifest } from '../../shared/bundle/manifest';
import type { ImportFormat, ImportOrigin } from '../../shared/capture/envelope';
import { looksLikeZip, readBundleZip } from '../bundle/bundle-zip';
import { openCapture, type OpenCaptureOptions } from './capture-loader';
import { importedCapturePath, importToCapture, sniffFile } from './import-file';
import type { LoadedCapture } from './loaded-capture';
import { PRIVATE_FILE_MODE } from '../private-file';

export interface OpenedCaptureSource {
  capture: LoadedCapture;
  /** Set when the file was a bug-report bundle: its manifest. */
  bundle?: BundleManifest;
  /** Set when the file was a HAR or JSON-RPC log converted on open: its format and the import's notes. */
  imported?: ImportOrigin;
  /** Closes the capture and removes the copy extracted from a bundle. */
  close(): Promise<void>;
}

/**
 * Opens a capture (`.parallax`, gzipped or not), a bug-report bundle (`.zip`), a HAR or a
 * JSON-RPC log, recognised by its first bytes (and, for text, its name). A bundle's capture is
 * extracted, and a HAR or log converted, into a temporary directory and loaded like any other, so
 * the CLI, the engine and replay treat them all the same. This is the one place that decides.
 */
export async function openCaptureOrBundle(path: string, options: OpenCaptureOptions = {}): Promise<OpenedCaptureSource> {
  const kind = await fileKind(path);
  if (kind === 'capture') {
    const capture = await openCapture(path, options);
    return { capture, close: () => capture.close() };
  }
  if (kind !== 'bundle') {
    return openConverted('parallax-import-', options, async (dir) => {
      const capturePath = importedCapturePath(dir);
      return { capturePath, imported: await importToCapture(path, kind, capturePath) };
    });
  }
  const bundle = await readBundleZip(path);
  return openConverted('parallax-bundle-', options, async (dir) => {
    // A fixed name: the manifest's file name only selects the zip entry, never a path on disk.
    const capturePath = join(dir, 'capture.parallax');
    await writeFile(capturePath, bundle.files.get(bundle.manifest.capture.file) ?? '', { mode: PRIVATE_FILE_MODE });
    return { capturePath, bundle: bundle.manifest };
  });
}

/** Writes a capture into a fresh temporary directory, opens it, and removes the directory on close (or on failure). */
async function openConverted(
  prefix: string,
  options: OpenCaptureOptions,
  write: (dir: string) => Promise<{ capturePath: string; bundle?: BundleManifest; imported?: ImportOrigin }>,
): Promise<OpenedCaptureSource> {
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), prefix));
  try {
    const { capturePath, ...source } = await write(dir);
    const capture = await openCapture(capturePath, options);
    return {
      capture, ...source,
      async close() {
        await capture.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function fileKind(path: string): Promise<'bundle' | 'capture' | ImportFormat> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    if (looksLikeZip(head.subarray(0, bytesRead))) return 'bundle';
    // gzip is always a compressed capture; the loader reads it.
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'capture';
  } finally {
    await file.close();
  }
  return sniffFile(path);
}
