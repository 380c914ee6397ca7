import { describe, expect, it } from 'vitest';
import { annotationText, base64Bytes, blobView, formatBytes, MAX_DECODED_BYTES } from './content-view';

// Browser APIs only (the renderer's tsconfig has no Node types).
const utf8 = (text: string) => new TextEncoder().encode(text);
const bytesB64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''));
const b64 = (text: string) => bytesB64(utf8(text));

describe('how binary content is shown', () => {
  it('measures base64 without its padding', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'abcd', 'Resource 1: This is a base64 blob']) expect(base64Bytes(b64(text))).toBe(utf8(text).length);
    expect(base64Bytes('YWJj\nZA==')).toBe(4);
  });

  it('decodes a text-typed blob (server-everything ships text/plain resources as blobs), leaves binary alone, marks images', () => {
    expect(blobView(b64('Resource 1: a blob ✓'), 'text/plain')).toEqual({ bytes: utf8('Resource 1: a blob ✓').length, text: 'Resource 1: a blob ✓' });
    expect(blobView(b64('{"a":1}'), 'application/json').text).toBe('{"a":1}');
    expect(blobView(b64('{"a":1}'), 'application/vnd.api+json').text).toBe('{"a":1}');
    const gzip = bytesB64(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff]));
    expect(blobView(gzip, 'application/gzip')).toEqual({ bytes: 5 });
    // Bytes that are not UTF-8 stay undecoded even when the type claims text.
    expect(blobView(gzip, 'text/plain')).toEqual({ bytes: 5 });
    expect(blobView(b64('png'), 'image/png')).toEqual({ bytes: 3, image: true });
    expect(blobView(b64('x'), undefined)).toEqual({ bytes: 1 });
    expect(blobView(btoa('x'.repeat(MAX_DECODED_BYTES + 1)), 'text/plain')).toEqual({ bytes: MAX_DECODED_BYTES + 1 });
  });

  it('names sizes and annotations the way people read them', () => {
    expect([formatBytes(0), formatBytes(1023), formatBytes(1536), formatBytes(3 * 1024 * 1024)]).toEqual(['0 B', '1023 B', '1.5 KiB', '3.0 MiB']);
    expect(annotationText({ priority: 1, audience: ['user', 'assistant'] })).toBe('audience user, assistant · priority 1');
    expect(annotationText({ lastModified: '2025-01-01T00:00:00Z' })).toBe('modified 2025-01-01T00:00:00Z');
    expect(annotationText({})).toBeUndefined();
    expect(annotationText(undefined)).toBeUndefined();
  });
});
