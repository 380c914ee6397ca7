import type { Envelope } from '../../../shared/capture/envelope';
import { openCapture } from '../capture-loader';

/** Every envelope of a capture file, in order, and what the loader skipped: the file as a user's next open would see it. */
export async function readWholeCapture(path: string): Promise<{ envelopes: Envelope[]; skipped: readonly unknown[] }> {
  const capture = await openCapture(path);
  try {
    const envelopes: Envelope[] = [];
    for await (const envelope of capture.envelopes()) envelopes.push(envelope);
    return { envelopes, skipped: capture.skipped };
  } finally {
    await capture.close();
  }
}
