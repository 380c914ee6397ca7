/**
 * How deeply the arrays and objects in JSON `text` nest, found by one pass over the characters
 * (strings and their escapes skipped), without parsing: so a message too deep for the recursive
 * code after JSON.parse (schema validators, tree views) is refused before any of it runs. Text that
 * is not JSON still gets an answer; the parser that follows reports why it is not JSON.
 */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/**
 * How deeply a parsed value's arrays and objects nest, walked with an explicit stack so the walk
 * itself cannot overflow; it stops counting once past `stopAbove` (the answer is then stopAbove + 1).
 */
export function valueNestingDepth(value: unknown, stopAbove = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    if (depth > deepest) deepest = depth;
    if (deepest > stopAbove) return stopAbove + 1;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
