/**
 * The spellings a secret can take on its way into a file: as typed, URL-encoded (percent and
 * form style, either hex case), escaped inside a JSON string (once, twice for JSON carried in
 * JSON, and the way other JSON writers escape), and base64 (standard, URL-safe, with and without
 * padding). The redactor removes every one of them and the bundle writer refuses to write a file
 * that still holds one.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret]);
  const percent = encodeURIComponent(secret);
  forms.add(percent);
  forms.add(percent.replace(/%20/g, '+'));
  forms.add(percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()));
  forms.add(encodeURI(secret));
  const escaped = jsonEscape(secret);
  forms.add(escaped);
  forms.add(jsonEscape(escaped));
  // Other JSON writers escape more than JSON.stringify: PHP writes "\/", Go writes <, > and & as \u escapes.
  forms.add(escaped.replace(/\//g, '\\/'));
  forms.add(escaped.replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const base64 = base64OfText(secret);
  forms.add(base64);
  forms.add(base64.replace(/=+$/, ''));
  const urlSafe = base64.replace(/\+/g, '-').replace(/\//g, '_');
  forms.add(urlSafe);
  forms.add(urlSafe.replace(/=+$/, ''));
  return [...forms].filter((form) => form.length > 0);
}

export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** UTF-8 bytes of `text`, one char per byte, so byte sequences can be searched as strings. */
export function bytesAsLatin1(text: string): string {
  return latin1OfBytes(new TextEncoder().encode(text));
}

export function latin1OfBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return out;
}

export function base64OfText(text: string): string {
  return btoa(bytesAsLatin1(text));
}

/** Decodes standard or URL-safe base64 into one-char-per-byte text; null when it is not base64. */
export function decodeBase64Latin1(text: string): string | null {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard.length % 4 === 0 ? standard : standard + '='.repeat(4 - (standard.length % 4));
  if (padded.length % 4 !== 0 || /[^A-Za-z0-9+/=]/.test(padded) || /=[^=]/.test(padded)) return null;
  try {
    return atob(padded);
  } catch {
    return null;
  }
}

/** Text from one-char-per-byte text when it is valid UTF-8, else null. */
export function utf8OfLatin1(latin1: string): string | null {
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
