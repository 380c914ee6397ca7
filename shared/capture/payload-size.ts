/** Byte sizes of payloads without Node's Buffer or the DOM's TextEncoder, so shared/ stays pure. */

export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3; // other BMP characters, and lone surrogates, which encode as U+FFFD
  }
  return bytes;
}

export function base64DecodedLength(text: string): number {
  const trimmed = text.replace(/\s+/g, '');
  const padding = trimmed.endsWith('==') ? 2 : trimmed.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((trimmed.length * 3) / 4) - padding);
}

/** Bytes of the payload an envelope's raw stands for, before any truncation when `size` says so. */
export function payloadBytes(envelope: { raw: string; encoding?: 'utf8' | 'base64' | undefined; size?: number | undefined }): number {
  if (envelope.size !== undefined) return envelope.size;
  return envelope.encoding === 'base64' ? base64DecodedLength(envelope.raw) : utf8ByteLength(envelope.raw);
}
