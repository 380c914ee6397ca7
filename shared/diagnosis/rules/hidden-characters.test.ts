import { describe, expect, it } from 'vitest';
import type { Envelope, LaneId } from '../../capture/envelope';
import { diagnose } from '../diagnose';
import { hiddenCharacters } from './hidden-characters';

let seq = 0;
const next = (e: Omit<Envelope, 'seq' | 't'>): Envelope => ({ ...e, seq: ++seq, t: seq } as Envelope);
const rpc = (lane: LaneId, dir: 'out' | 'in', body: Record<string, unknown>) => next({ lane, conn: `${lane}-1`, layer: 'jsonrpc', dir, raw: JSON.stringify({ jsonrpc: '2.0', ...body }) });
const tool = (name: string) => ({ name, inputSchema: { type: 'object', properties: {} } });
/** The Inspector listing `names` in one tools/list page. */
const listed = (names: string[]) => [rpc('inspector', 'out', { id: 1, method: 'tools/list', params: {} }), rpc('inspector', 'in', { id: 1, result: { tools: names.map(tool) } })];
/** A Realtime session.update that gives OpenAI this mcp tool. */
const sessionUpdate = (mcp: Record<string, unknown>) => next({ lane: 'realtime', conn: 'socket-1', layer: 'ws', dir: 'out', ws: { kind: 'text' }, raw: JSON.stringify({ type: 'session.update', session: { type: 'realtime', tools: [{ type: 'mcp', require_approval: 'never', ...mcp }] } }) });
const found = (envelopes: Envelope[], id: string) => diagnose(envelopes).findings.filter((f) => f.id === id);

describe('hidden characters in names', () => {
  it('finds invisible characters, Latin look-alikes and fullwidth forms, and leaves plain and wholly non-Latin names alone', () => {
    expect(hiddenCharacters('fetch\u200B_user')).toEqual([{ index: 5, codePoint: 'U+200B', what: 'ZERO WIDTH SPACE' }]);
    expect(hiddenCharacters('em\u0430il_user')).toEqual([{ index: 2, codePoint: 'U+0430', what: '"а", a non-Latin letter that looks Latin' }]);
    expect(hiddenCharacters('send\u00A0referral')[0]?.what).toBe('NO-BREAK SPACE');
    expect(hiddenCharacters('ｆetch')[0]?.what).toContain('fullwidth');
    expect(hiddenCharacters('fetch_user_id_details')).toEqual([]);
    expect(hiddenCharacters('получить_данные')).toEqual([]);
  });

  it('tools.hidden-characters: a listed tool name with a zero-width space, shown with its code point, the listing as evidence', () => {
    seq = 0;
    const [finding, ...more] = found(listed(['fetch_user_id_details', 'email\u200B_user']), 'tools.hidden-characters');
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ severity: 'warning', lanes: ['inspector'], evidence: [2] });
    expect(finding?.title).toBe('Tool name "email<U+200B>_user" has a character you cannot see as they are');
    expect(finding?.detail).toContain('U+200B ZERO WIDTH SPACE at position 5');
  });

  it('openai.hidden-characters: a look-alike server_label and a punycode host in what OpenAI is given', () => {
    seq = 0;
    const envelopes = [sessionUpdate({ server_label: 'custom_mcp_serv\u0435r', server_url: 'https://xn--80ak6aa92e.com/sse' })];
    const findings = found(envelopes, 'openai.hidden-characters');
    expect(findings.map((f) => f.title)).toEqual([
      'The server_label OpenAI is given has a character you cannot see as they are',
      'The server_url OpenAI is given has a character you cannot see as they are',
    ]);
    expect(findings[0]?.detail).toContain('U+0435');
    expect(findings[1]?.detail).toContain('internationalised host name (xn--80ak6aa92e.com)');
    expect(findings.every((f) => f.evidence.includes(1))).toBe(true);
    seq = 0;
    expect(found([sessionUpdate({ server_label: 'custom_mcp_server', server_url: 'https://mcp.example.com/sse' })], 'openai.hidden-characters')).toEqual([]);
  });
});
