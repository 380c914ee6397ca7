import { uniqueSeqs } from '../json';
import { LANE_NAMES } from '../views/build-views';
import { mcpConfigSeqs, mcpConfigsOf, type LaneView } from '../views/lane-view';
import { isOpenAiLane, list, type DiagnosisFinding, type Rule } from './rule';

/** A character a reader cannot see, or one that passes for an ASCII letter, at its place in a name. */
export interface HiddenCharacter {
  index: number;
  codePoint: string;
  what: string;
}

/** The ones people paste by accident, by name; the rest are named by category. */
const NAMED: Record<number, string> = {
  0x00a0: 'NO-BREAK SPACE', 0x00ad: 'SOFT HYPHEN', 0x200b: 'ZERO WIDTH SPACE', 0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER', 0x200e: 'LEFT-TO-RIGHT MARK', 0x200f: 'RIGHT-TO-LEFT MARK', 0x2060: 'WORD JOINER',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE', 0xfeff: 'ZERO WIDTH NO-BREAK SPACE (BOM)', 0x3000: 'IDEOGRAPHIC SPACE',
};

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|[^\S ]|\u3164|\u115f|\u1160/u;
const LOOKALIKE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
const FULLWIDTH = /[\uff01-\uff5e]/u;

/**
 * Invisible characters (format and control characters, spaces other than U+0020) anywhere, and in
 * a name that is otherwise Latin, letters from scripts that pass for Latin ones (Cyrillic `а`,
 * Greek `ο`) and fullwidth forms. Two names that look the same then are not, and a client that
 * matches names exactly (allowed_tools, a call by name) misses.
 */
export function hiddenCharacters(text: string): HiddenCharacter[] {
  const latin = /\p{Script=Latin}/u.test(text);
  const found: HiddenCharacter[] = [];
  let index = 0;
  for (const char of text) {
    const cp = char.codePointAt(0) as number;
    const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    if (INVISIBLE.test(char)) found.push({ index, codePoint: hex, what: NAMED[cp] ?? 'an invisible character' });
    else if (latin && LOOKALIKE_SCRIPT.test(char)) found.push({ index, codePoint: hex, what: `${JSON.stringify(char)}, a non-Latin letter that looks Latin` });
    else if (FULLWIDTH.test(char)) found.push({ index, codePoint: hex, what: `${JSON.stringify(char)}, a fullwidth form` });
    index += 1;
    if (found.length >= 8) break;
  }
  return found;
}

const describeHits = (hits: HiddenCharacter[]) => hits.map((h) => `${h.codePoint} ${h.what} at position ${h.index}`).join(', ');
/** The name as a reader could check it: every suspect character shown as its code point. */
function revealed(text: string, hits: HiddenCharacter[]): string {
  const at = new Map(hits.map((h) => [h.index, h.codePoint]));
  return [...text].map((c, i) => (at.has(i) ? `<${at.get(i) as string}>` : c)).join('');
}

/** Hidden characters in tool names (any lane) and in the server_url and server_label OpenAI is given. */
export const hiddenCharactersRule: Rule = ({ views }) => [...inToolNames(views), ...inServerConfigs(views)];

function inToolNames(views: readonly LaneView[]): DiagnosisFinding[] {
  const byName = new Map<string, { hits: HiddenCharacter[]; lanes: Set<LaneView['lane']>; seqs: number[] }>();
  for (const view of views) {
    for (const tool of view.tools) {
      const hits = hiddenCharacters(tool.name);
      if (hits.length === 0) continue;
      const entry = byName.get(tool.name) ?? { hits, lanes: new Set(), seqs: [] };
      entry.lanes.add(view.lane);
      entry.seqs.push(tool.seq);
      byName.set(tool.name, entry);
    }
  }
  return [...byName.entries()].map(([name, { hits, lanes, seqs }]) => ({
    id: 'tools.hidden-characters', severity: 'warning', lanes: [...lanes],
    title: `Tool name ${JSON.stringify(revealed(name, hits))} has ${hits.length === 1 ? 'a character' : 'characters'} you cannot see as they are`,
    detail: `The name is ${JSON.stringify(name)}: ${describeHits(hits)}. It looks like another name but is not, so allowed_tools entries, calls by name and client rules that match names exactly (and OpenAI's ^[a-zA-Z0-9_-]+$ for function names) treat it as different or reject it. ${list([...lanes].map((l) => LANE_NAMES[l]))} listed it.`,
    evidence: uniqueSeqs(seqs),
    fix: 'Rename the tool with plain ASCII letters, digits, "_" and "-" (retype it rather than copy it; a paste from a document or chat often carries these).',
  }));
}

function inServerConfigs(views: readonly LaneView[]): DiagnosisFinding[] {
  const seen = new Map<string, { field: string; value: string; hits: HiddenCharacter[]; lanes: Set<LaneView['lane']>; seqs: number[] }>();
  for (const view of views.filter(isOpenAiLane)) {
    for (const config of mcpConfigsOf(view)) {
      for (const [field, value] of [['server_label', config.server_label], ['server_url', config.server_url]] as const) {
        if (typeof value !== 'string') continue;
        const hits = hiddenCharacters(field === 'server_url' ? safeDecode(value) : value);
        const punycode = field === 'server_url' && URL.canParse(value) && /(^|\.)xn--/i.test(new URL(value).hostname);
        if (hits.length === 0 && !punycode) continue;
        const key = `${field}\u0000${value}`;
        const entry = seen.get(key) ?? { field, value, hits: punycode ? [...hits, { index: 0, codePoint: 'xn--', what: `an internationalised host name (${new URL(value).hostname}), which may imitate another` }] : hits, lanes: new Set(), seqs: [] };
        entry.lanes.add(view.lane);
        entry.seqs.push(...mcpConfigSeqs(view));
        seen.set(key, entry);
      }
    }
  }
  return [...seen.values()].map(({ field, value, hits, lanes, seqs }) => ({
    id: 'openai.hidden-characters', severity: 'warning', lanes: [...lanes],
    title: `The ${field} OpenAI is given has ${hits.length === 1 ? 'a character' : 'characters'} you cannot see as they are`,
    detail: `${field} is ${JSON.stringify(value)}: ${describeHits(hits)}. ${field === 'server_url' ? 'OpenAI connects to exactly this address, which is not the one it looks like.' : 'The label names the server in every mcp_list_tools and mcp_call item, and in require_approval and allowed_tools filters; a look-alike label is another server to OpenAI.'}`,
    evidence: uniqueSeqs(seqs),
    fix: `Retype ${field} in plain ASCII${field === 'server_url' ? ' (or copy it from the address bar of a browser that shows punycode)' : ''}.`,
  }));
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}
