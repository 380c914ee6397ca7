/**
 * Side files: with `--keep-whole-bodies`, a frame past frame-bytes is also streamed whole (up to
 * capture-bytes) to a file beside the capture, since the capture itself keeps only its head, tail
 * and hash. Types only here; the files are written by electron/capture/side-body-files.ts.
 */

/** What the clipped frame's `clip` says of its side file: where it is, and what it holds. */
export interface SideBodyRecord {
  /** Relative to the capture file's directory: `run.bodies/body-3.bin` beside `run.parallax`. */
  file: string;
  /** Bytes in the file: the frame's `size` unless the file stopped early. */
  fileSize: number;
  /** SHA-256 of the file's bytes: the frame's `sha256` when the file is whole. */
  fileSha256: string;
  /** Why the file holds less than the frame, when it does (the cap, a failed write). */
  stopped?: { reason: 'capture-bytes' | 'write-failed'; detail: string };
}

/** One side file being written; bytes go to disk as they arrive, never held. */
export interface SideBody {
  write(chunk: Uint8Array): void;
  /** Closes the file (once; later calls return the same record). */
  end(): SideBodyRecord;
}

/** Opens side files for one recording; present on a sink only when the user asked for them. */
export interface SideBodies {
  open(): SideBody;
}
