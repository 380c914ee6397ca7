/**
 * The small JSONPath subset a redaction rule needs: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*`
 * and `..name` (any depth). Enough to point at a field in a JSON-RPC message or an OpenAI event
 * without a dependency, and every rule is checked when it is parsed so a typo is named at once.
 */
type Segment =
  | { kind: 'child'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'any' }
  | { kind: 'descend'; name: string | null };

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

export function parseJsonPath(path: string): Segment[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw new JsonPathError(`JSON path ${JSON.stringify(path)} must start with "$"`);
  const segments: Segment[] = [];
  let i = 1;
  const name = () => {
    const match = /^[A-Za-z0-9_$-]+|^\*/.exec(text.slice(i));
    if (!match) throw new JsonPathError(`JSON path ${JSON.stringify(path)}: expected a name at character ${i + 1}`);
    i += match[0].length;
    return match[0];
  };
  while (i < text.length) {
    if (text.startsWith('..', i)) {
      i += 2;
      const n = name();
      segments.push({ kind: 'descend', name: n === '*' ? null : n });
    } else if (text[i] === '.') {
      i += 1;
      const n = name();
      segments.push(n === '*' ? { kind: 'any' } : { kind: 'child', name: n });
    } else if (text[i] === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw new JsonPathError(`JSON path ${JSON.stringify(path)}: "[" without "]"`);
      const inner = text.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segments.push({ kind: 'any' });
      else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^'[^']*'$|^"[^"]*"$/.test(inner)) segments.push({ kind: 'child', name: inner.slice(1, -1) });
      else throw new JsonPathError(`JSON path ${JSON.stringify(path)}: cannot read [${inner}]`);
    } else {
      throw new JsonPathError(`JSON path ${JSON.stringify(path)}: unexpected ${JSON.stringify(text[i])} at character ${i + 1}`);
    }
  }
  if (segments.length === 0) throw new JsonPathError(`JSON path ${JSON.stringify(path)} selects the whole document; name a field`);
  return segments;
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] => typeof value === 'object' && value !== null;

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isContainer(value)) return Object.values(value);
  return [];
}

function descendants(value: unknown, out: unknown[] = []): unknown[] {
  out.push(value);
  for (const child of children(value)) descendants(child, out);
  return out;
}

/** The values `segments` select in `document`. */
export function selectJsonPath(document: unknown, segments: readonly Segment[]): unknown[] {
  let current: unknown[] = [document];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'any') next.push(...children(value));
      else if (segment.kind === 'index') { if (Array.isArray(value) && segment.index < value.length) next.push(value[segment.index]); }
      else if (segment.kind === 'child') { if (isContainer(value) && !Array.isArray(value) && segment.name in value) next.push(value[segment.name]); }
      else {
        for (const node of descendants(value)) {
          if (segment.name === null) next.push(...children(node));
          else if (isContainer(node) && !Array.isArray(node) && segment.name in node) next.push(node[segment.name]);
        }
      }
    }
    current = next;
  }
  return current;
}

/** Every string and number under the selected values: the things a rule treats as secrets. */
export function leafStrings(values: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const node of descendants(value)) {
      if (typeof node === 'string') out.push(node);
      else if (typeof node === 'number' || typeof node === 'bigint') out.push(String(node));
    }
  }
  return out;
}
