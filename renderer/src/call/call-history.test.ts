import { describe, expect, it } from 'vitest';
import type { AskedRecord } from '../../../shared/capture/envelope';
import { addToHistory, callEntry, captureEntry, emptyHistory, requestsEntry, type HistoryEntry } from './call-history';

const asked: AskedRecord = { kind: 'tools/call', tool: 'book_visit', arguments: { n: 1 }, lanes: ['inspector', 'playground'] };
const entry = (n: number, capturePath: string | null = `/c/${n}.parallax`): HistoryEntry => ({ sessionId: `s${n}`, at: n, asked, capturePath, lanes: [], origin: 'run' });

describe('the Call pane\'s history', () => {
  it('puts the newest on top and drops the oldest past the limit, counting them', () => {
    let history = emptyHistory;
    for (let n = 1; n <= 5; n++) history = addToHistory(history, entry(n), 3);
    expect(history.entries.map((e) => e.sessionId)).toEqual(['s5', 's4', 's3']);
    expect(history.dropped).toBe(2);
  });

  it('lists a session or a capture once, keeping the first entry', () => {
    const first = addToHistory(emptyHistory, entry(1));
    expect(addToHistory(first, entry(1, null))).toBe(first);
    const reopened = { ...entry(2, '/c/1.parallax'), origin: 'capture' as const };
    expect(addToHistory(first, reopened)).toBe(first);
    // Two runs whose capture path is unknown are still two entries.
    expect(addToHistory(addToHistory(emptyHistory, entry(3, null)), entry(4, null)).entries).toHaveLength(2);
  });

  it('takes each lane\'s status from a call\'s results, a read\'s answer, or an opened capture\'s diagnosis', () => {
    const call = callEntry(7, asked, { sessionId: 's', capturePath: '/c.parallax', tool: 'book_visit', arguments: { n: 1 }, lanes: [{ lane: 'inspector', status: 'ok', outcome: 'result', evidence: [] }, { lane: 'playground', status: 'failed', outcome: 'failed', evidence: [] }] });
    expect(call.lanes).toEqual([{ lane: 'inspector', status: 'result' }, { lane: 'playground', status: 'failed' }]);
    const reads: AskedRecord = { kind: 'requests', requests: [{ method: 'resources/read', params: { uri: 'x://y' } }], lanes: ['inspector'] };
    const answered = { sessionId: 's', capturePath: null, status: 'ok', evidence: [], outcomes: [{ method: 'resources/read', params: {}, outcome: 'failed' as const, error: 'Resource not found', evidence: [] }] };
    expect(requestsEntry(1, reads, answered).lanes).toEqual([{ lane: 'inspector', status: 'error' }]);
    expect(requestsEntry(1, reads, { ...answered, outcomes: [] }).lanes).toEqual([{ lane: 'inspector', status: 'ok' }]);
    const opened = captureEntry({ id: 'c', path: '/sent.parallax', asked }, { lanes: { inspector: { status: 'ok' } as never } }, 3);
    expect(opened).toMatchObject({ origin: 'capture', capturePath: '/sent.parallax', lanes: [{ lane: 'inspector', status: 'ok' }, { lane: 'playground', status: 'not recorded' }] });
    expect(captureEntry({ id: 'c', path: null }, { lanes: {} }, 3)).toBeNull();
  });
});
