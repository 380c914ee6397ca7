import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleManifest } from '../../shared/bundle/manifest';
import { looksLikeZip, readBundleZip } from '../bundle/bundle-zip';
import { openCapture, type OpenCaptureOptions } from './capture-loader';
import type { LoadedCapture } from './loaded-capture';

export interface OpenedCaptureSource {
  capture: LoadedCapture;
  /** Set when the file was a bug-report bundle: its manifest. */
  bundle?: BundleManifest;
  /** Closes the capture and removes the copy extracted from a bundle. */
  close(): Promise<void>;
}

/**
 * Opens a capture (`.parallax`, gzipped or not) or a bug-report bundle (`.zip`), recognised by
 * its first bytes. A bundle's capture is extracted to a temporary directory and loaded like any
 * other, so the CLI, the engine and replay treat both the same.
 */
export async function openCaptureOrBundle(path: string, options: OpenCaptureOptions = {}): Promise<OpenedCaptureSource> {
  if (!(await startsLikeZip(path))) {
    const capture = await openCapture(path, options);
    return { capture, close: () => capture.close() };
  }
  const bundle = await readBundleZip(path);
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'parallax-bundle-'));
  try {
    // A fixed name: the manifest's file name only selects the zip entry, never a path on disk.
    const capturePath = join(dir, 'capture.parallax');
    await writeFile(capturePath, bundle.files.get(bundle.manifest.capture.file) ?? '');
    const capture = await openCapture(capturePath, options);
    return {
      capture, bundle: bundle.manifest,
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

async function startsLikeZip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return looksLikeZip(head.subarray(0, bytesRead));
  } finally {
    await file.close();
  }
}
