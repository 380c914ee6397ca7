/**
 * A failed capture write in a user's words: what happened to which file, and that what was
 * already written is kept. The system's own error stays as `cause` and its `code` is copied,
 * so callers can still tell ENOSPC from EIO.
 */
export function captureWriteFailure(path: string, error: unknown): Error & { code?: string } {
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (cause as NodeJS.ErrnoException).code;
  const what = code ? WHAT[code] : undefined;
  const message = `Recording stopped: ${what ? `${what.replace('{path}', path)} (${code})` : `the capture ${path} could not be written (${cause.message})`}. Everything recorded before this is in the file and opens as usual.`;
  return Object.assign(new Error(message, { cause }), code ? { code } : {});
}

const WHAT: Partial<Record<string, string>> = {
  ENOSPC: 'the disk holding the capture {path} is full',
  EDQUOT: 'the disk quota for the capture {path} is used up',
  EIO: 'the disk reported an input/output error writing the capture {path}',
  EROFS: 'the disk holding the capture {path} became read-only',
  EFBIG: 'the capture {path} reached the largest file this disk allows',
  EEXIST: 'the capture {path} was removed and another file now stands at its path, so it was not recreated',
};

/**
 * The disk refused the file's data when it was flushed to it (fsync at close). The writes had
 * been accepted into the OS cache, so the file may be missing any part of them: thin or
 * loop-backed storage that runs out of room reports it only here.
 */
export function captureSyncFailure(path: string, error: unknown): Error & { code?: string } {
  const cause = error instanceof Error ? error : new Error(String(error));
  const code = (cause as NodeJS.ErrnoException).code;
  const what = code === 'ENOSPC' ? 'the disk ran out of room' : code === 'EIO' ? 'the disk reported an input/output error' : 'the disk refused it';
  const message = `The capture ${path} may be incomplete: when it was flushed to disk at the end, ${what} (${code ?? cause.message}), so frames the system had accepted earlier may be missing from it.`;
  return Object.assign(new Error(message, { cause }), code ? { code } : {});
}
