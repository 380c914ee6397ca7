import { describe, expect, it } from 'vitest';
import { provisionalNote } from './verdict-freshness';

describe('a verdict that speaks of part of a run', () => {
  it('says so while a lane runs, then while newer frames wait for the next diagnosis, and is silent once it covers everything', () => {
    expect(provisionalNote(40, 80, [{ lane: 'inspector', status: 'running' }])).toBe('so far: Inspector still running');
    expect(provisionalNote(40, 80, [{ lane: 'inspector', status: 'running' }, { lane: 'realtime', status: 'running' }, { lane: 'playground', status: 'ok' }])).toBe('so far: Inspector, Realtime still running');
    expect(provisionalNote(79, 80, [{ lane: 'inspector', status: 'ok' }])).toBe('so far: 1 newer frame not diagnosed yet');
    expect(provisionalNote(40, 80, [{ lane: 'inspector', status: 'failed' }])).toBe('so far: 40 newer frames not diagnosed yet');
    expect(provisionalNote(80, 80, [{ lane: 'inspector', status: 'ok' }])).toBeNull();
    expect(provisionalNote(80, 80, [])).toBeNull();
  });
});
