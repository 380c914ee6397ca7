import { open, readFile, rename, rm } from 'node:fs/promises';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { BundleFile } from '../../shared/bundle/bundle-contents';
import { BUNDLE_FILES, BundleFormatError, parseManifest, type BundleManifest } from '../../shared/bundle/manifest';
import { PRIVATE_FILE_MODE } from '../private-file';

/** The zip's first bytes: "PK\x03\x04" for a local file header ("PK\x05\x06" for an empty archive). */
export function looksLikeZip(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06);
}

/** Writes the files as a zip through a temporary file renamed into place, so a failed export leaves no half-written bundle. */
export async function writeBundleZip(path: string, files: readonly BundleFile[]): Promise<number> {
  const entries: Zippable = {};
  for (const file of files) entries[file.name] = [strToU8(file.text), { level: 6 }];
  const bytes = zipSync(entries);
  const temporary = `${path}.${process.pid}.partial`;
  const handle = await open(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.write(bytes);
    await handle.sync();
    await handle.close();
    await rename(temporary, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return bytes.length;
}

export interface OpenedBundle {
  manifest: BundleManifest;
  /** File name -> text. */
  files: Map<string, string>;
}

/** Reads and checks a bundle, naming what is wrong with a damaged one or one from a newer version. */
export async function readBundleZip(path: string): Promise<OpenedBundle> {
  const bytes = new Uint8Array(await readFile(path));
  if (!looksLikeZip(bytes)) throw new BundleFormatError(`${path} is not a zip file, so not an MCP Parallax bundle`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new BundleFormatError(`${path} is a damaged zip (${error instanceof Error ? error.message : String(error)}); nothing could be read from it`);
  }
  const files = new Map<string, string>();
  for (const [name, data] of Object.entries(entries)) files.set(name, strFromU8(data));
  const manifestText = files.get(BUNDLE_FILES.manifest);
  if (manifestText === undefined) throw new BundleFormatError(`${path} has no ${BUNDLE_FILES.manifest}, so it is not an MCP Parallax bundle`);
  const manifest = parseManifest(manifestText);
  if (!files.has(manifest.capture.file)) throw new BundleFormatError(`${path} is missing its capture (${manifest.capture.file})`);
  return { manifest, files };
}
