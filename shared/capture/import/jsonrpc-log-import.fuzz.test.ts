import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPTURE_FORMAT, CAPTURE_VERSION } from '../envelope';
import { awkwardText } from '../test-envelope-arbitrary';
import { type ImportedCapture, ImportError } from './imported-capture';
import { importJsonRpcLog } from './jsonrpc-log-import';
import { expectSoundCapture } from './expect-sound-capture';
import { sniffTextFormat } from './sniff';

const SEED = 2718;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/** What any conversion must yield (expectSoundCapture), and every envelope a JSON-RPC message of the Inspector lane. */
function expectSoundLog(imported: ImportedCapture): void {
  expectSoundCapture(imported);
  for (const envelope of imported.envelopes) expect(envelope).toMatchObject({ lane: 'inspector', layer: 'jsonrpc' });
}

/** The import's outcome: the capture, or undefined for an ImportError; anything else thrown fails the property. */
function tryImport(text: string): ImportedCapture | undefined {
  try {
    return importJsonRpcLog(text, 'C:\\logs\\fuzz.log', { now: NOW });
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message).toContain('fuzz.log');
    return undefined;
  }
}

const message = fc.constantFrom(
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}',
  '{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-06-18"}}',
  '{"jsonrpc":"2.0","method":"notifications/initialized"}',
  '{"jsonrpc":"2.0","id":"s1","method":"roots/list"}',
  '{"jsonrpc":"2.0","id":"s1","result":{"roots":[]}}',
  '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse"}}',
  '[{"jsonrpc":"2.0","id":2,"method":"tools/list"},{"jsonrpc":"2.0","id":3,"method":"prompts/list"}]',
  '[{"jsonrpc":"2.0","id":2,"result":{}},5,"x"]',
);
const notMessage = fc.oneof(fc.constantFrom('{"level":"debug"}', '[]', '{"jsonrpc":"2.0","id":2,"result":{}', '[info]', '{', 'server starting'), fc.json({ maxDepth: 2 }), awkwardText(20));
/** Stamps the importer reads, and some it must not trust: dates no calendar has, epoch numbers past any Date. */
const stamp = fc.oneof(
  fc.integer({ min: -86_400_000, max: 86_400_000 }).map((ms) => new Date(NOW + ms).toISOString()),
  fc.integer({ min: 0, max: 86_400_000 }).map((ms) => `[${new Date(NOW + ms).toISOString().replace('T', ' ').replace('Z', '')}]`),
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.nat({ max: 999_999 })).map(([h, m, s, f]) => `[${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${f}]`),
  fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }).map(String), fc.bigInt({ min: 1n, max: 10n ** 64n - 1n }).map(String), fc.constantFrom('1764072000.5', '8640000000000001', '9'.repeat(64))).map((n) => `[${n}]`),
  fc.constantFrom('2026-13-45T25:61:00Z', '2026-11-25 12:00:00,5+0100', '[2026-02-30T00:00]', '[info]', '[]', '[12:00'),
);
const marker = fc.constantFrom('->', '<-', '-->', '<<', '>', '<', 'send:', '[recv]', 'received', 'out', 'in', '(send)', 'INFO', '');
const line = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.option(stamp, { nil: undefined }), marker, fc.oneof({ weight: 4, arbitrary: message }, { weight: 1, arbitrary: notMessage }), fc.constantFrom(' ', '\t', '  ')).map(([s, m, json, gap]) => [s, m, json].filter((x) => x !== undefined && x !== '').join(gap)) },
  { weight: 1, arbitrary: awkwardText(40).map((t) => t.replace(/\r?\n/g, ' ')) },
  { weight: 1, arbitrary: fc.constantFrom('', '   ', '\uFEFF') },
);
const log = fc.tuple(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([lines, eol, bom]) => `${bom ? '\uFEFF' : ''}${lines.join(eol)}`);

describe('JSON-RPC log import under fuzzing', () => {
  it('converts any generated log, or refuses it with an ImportError naming the file; what converts is a sound capture', () => {
    let converted = 0;
    fc.assert(fc.property(log, (text) => {
      const imported = tryImport(text);
      if (!imported) return;
      converted++;
      expectSoundLog(imported);
    }), { seed: SEED, numRuns: 400 });
    expect(converted).toBeGreaterThan(200);
  });

  it('survives any text, bytes that are not text, and logs with characters changed', () => {
    const text = fc.oneof(
      awkwardText(80),
      fc.uint8Array({ maxLength: 80 }).map((bytes) => new TextDecoder().decode(bytes)),
      fc.tuple(log, fc.nat(), fc.constantFrom('', '{', '}', '[', ']', '"', '\\', '\n', '\u0000')).map(([t, at, put]) => {
        const i = at % (t.length + 1);
        return `${t.slice(0, i)}${put}${t.slice(i + 1)}`;
      }),
      fc.constantFrom('', '\n\n', `${'['.repeat(20_000)}${']'.repeat(20_000)}`, `[${'9'.repeat(64)}] {"jsonrpc":"2.0","method":"x"}`),
    );
    fc.assert(fc.property(text, (t) => {
      const imported = tryImport(t);
      if (imported) expectSoundLog(imported);
    }), { seed: SEED + 1, numRuns: 400 });
  });

  it('keeps every message of a log of well-formed lines, in order, each in the direction its marker says', () => {
    const marked = fc.tuple(fc.constantFrom(['->', 'out'], ['<-', 'in'], ['send:', 'out'], ['[recv]', 'in']) as fc.Arbitrary<[string, 'out' | 'in']>, message.filter((m) => !m.startsWith('[')));
    fc.assert(fc.property(fc.array(marked, { minLength: 1, maxLength: 10 }), (lines) => {
      const text = lines.map(([[m], json], i) => `${new Date(NOW + i * 10).toISOString()} ${m} ${json}`).join('\n');
      const imported = tryImport(text);
      expect(imported).toBeDefined();
      expect(imported?.envelopes.map((e) => [e.dir, e.raw, e.t])).toEqual(lines.map(([[, dir], json], i) => [dir, json, NOW + i * 10]));
    }), { seed: SEED + 2, numRuns: 150 });
  });
});

describe('sniffing a text file under fuzzing', () => {
  const formats = ['capture', 'har', 'jsonrpc-log'];
  const name = fc.oneof(fc.constantFrom('a.parallax', 'a.parallax.gz', 'A.HAR', 'x.jsonl', 'x.ndjson', 'x.log', 'x.txt', 'x.json', 'noext', ''), awkwardText(12));
  it('names a format for any name and head, content before name', () => {
    const captureHead = fc.tuple(fc.constantFrom('', '\uFEFF'), fc.constantFrom(' ', '', '  ')).map(([bom, gap]) => `${bom}{"format":${gap}"${CAPTURE_FORMAT}","version":${CAPTURE_VERSION}}\n{"log":1}`);
    const harHead = fc.tuple(fc.constantFrom('', '\uFEFF'), fc.constantFrom('', ' ', '\n\t')).map(([bom, gap]) => `${bom}${gap}{${gap}"log"${gap}:{"version":"1.2"}}`);
    fc.assert(fc.property(name, fc.oneof(awkwardText(60), captureHead, harHead), (fileName, head) => {
      const format = sniffTextFormat(fileName, head);
      expect(formats).toContain(format);
      if (/^\uFEFF?\{"format":\s*"mcp-parallax-capture"/.test(head)) expect(format).toBe('capture');
      else if (/^\uFEFF?\s*\{\s*"log"\s*:/.test(head)) expect(format).toBe('har');
    }), { seed: SEED + 3, numRuns: 400 });
  });
});
