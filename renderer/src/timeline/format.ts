export { formatBytes } from '../../../shared/text/format-bytes';

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Offset from the session's first frame, as +s.mmm, so moments line up across lanes. */
export function formatOffset(t: number, origin: number): string {
  const ms = Math.max(0, t - origin);
  return `+${(ms / 1000).toFixed(3)}`;
}
