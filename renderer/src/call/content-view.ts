/**
 * What the Call pane shows of binary payloads (image, audio, embedded blob resources): their size,
 * and for a blob whose mimeType says text, the text itself, since servers ship text as base64 too
 * (server-everything's blob resources are text/plain). Pure, so it is tested without a browser.
 */

export interface BlobView {
  /** Decoded size in bytes (from the base64 length, padding aside). */
  bytes: number;
  /** The decoded text, for text-like mimeTypes whose bytes are valid UTF-8. */
  text?: string;
  /** The blob is an image the page can draw as a data: URL. */
  image?: boolean;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|yaml|x-yaml|toml)|[^;]*\+(json|xml))/i;
/** The longest blob decoded for display: bigger ones are only measured. */
export const MAX_DECODED_BYTES = 256 * 1024;

export function base64Bytes(data: string): number {
  const clean = data.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor(clean.length * 3 / 4) - padding);
}

export function blobView(blob: string, mimeType: string | undefined): BlobView {
  const bytes = base64Bytes(blob);
  const type = mimeType ?? '';
  if (/^image\//i.test(type)) return { bytes, image: true };
  if (!TEXT_TYPES.test(type) || bytes > MAX_DECODED_BYTES) return { bytes };
  try {
    const raw = Uint8Array.from(atob(blob.replace(/\s/g, '')), (c) => c.charCodeAt(0));
    return { bytes, text: new TextDecoder('utf-8', { fatal: true }).decode(raw) };
  } catch {
    return { bytes };
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** MCP content annotations (audience, priority, lastModified) as one line, or undefined when there are none. */
export function annotationText(annotations: unknown): string | undefined {
  if (typeof annotations !== 'object' || annotations === null || Array.isArray(annotations)) return undefined;
  const a = annotations as Record<string, unknown>;
  const parts: string[] = [];
  if (Array.isArray(a.audience)) parts.push(`audience ${a.audience.map(String).join(', ')}`);
  if (typeof a.priority === 'number') parts.push(`priority ${a.priority}`);
  if (typeof a.lastModified === 'string') parts.push(`modified ${a.lastModified}`);
  return parts.length ? parts.join(' · ') : undefined;
}
