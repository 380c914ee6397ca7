const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The bare `type/subtype` of a Content-Type header, lowercased (WHATWG's "essence"), or undefined
 * when the header is missing or its media type is not `token/token`. Parameters are ignored, even
 * malformed ones, as browsers do: `application/json;` is still JSON. Compare this, never the raw
 * header: `text/plain; a=application/json` contains the substring but is not JSON.
 */
export function mediaTypeEssence(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const essence = (header.split(';', 1)[0] ?? '').trim().toLowerCase();
  return TOKEN.test(essence) ? essence : undefined;
}
