/**
 * A recording that reaches `capture-bytes` goes on in a new file beside the first:
 * `run.parallax`, then `run.part2.parallax`, `run.part3.parallax`. Each later file's header
 * names the first and the previous one (CapturePartLink), and opening any of them opens the set.
 */

const CAPTURE_EXTENSION = '.parallax';

/** The file name of part `part` (2 and up) of the recording whose first file is `firstName`. */
export function capturePartName(firstName: string, part: number): string {
  const stem = firstName.endsWith(CAPTURE_EXTENSION) ? firstName.slice(0, -CAPTURE_EXTENSION.length) : firstName;
  return `${stem}.part${part}${CAPTURE_EXTENSION}`;
}
