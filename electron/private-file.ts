/**
 * The mode every file Parallax writes is created with: owner read and write only. Captures,
 * bundles and exports hold what servers sent and where they live; on a shared machine another
 * account should not read them by default (the user can share a file on purpose). The umask
 * can only narrow it.
 */
export const PRIVATE_FILE_MODE = 0o600;
