import { describe, expect, it } from 'vitest';
import { Envelope } from '../capture/envelope';
import { diagnose } from './diagnose';

describe('the verdict, and whether a run counts as differing', () => {
  it('of a run Parallax stopped recording leads with the recording, not the server, and the finding names the reason', () => {
    const reason = 'Recording stopped: the disk holding the capture /tmp/run.parallax is full (ENOSPC).';
    const diagnosis = diagnose([], undefined, { recordingStopped: reason });
    expect(diagnosis.verdict).toBe('Parallax stopped recording during the run (see the first finding), so the lanes were cut short and this is no verdict on the server. The capture holds no lane that ran, so there is nothing to compare.');
    expect(diagnosis.findings[0]).toMatchObject({ id: 'capture.recording-stopped', severity: 'error', detail: expect.stringContaining(reason) });
    expect(diagnosis.differs).toBe(true);
    expect(diagnose([]).findings.some((f) => f.id === 'capture.recording-stopped')).toBe(false);
  });

  it('a run where every lane failed is not reported as agreeing', () => {
    const failed = Envelope.parse({ seq: 1, t: 0, lane: 'inspector', conn: 'c', layer: 'meta', dir: 'in', raw: JSON.stringify({ kind: 'lane-error', message: 'connect ECONNREFUSED 127.0.0.1:9' }) });
    const diagnosis = diagnose([failed]);
    expect(diagnosis.lanes.inspector?.status).toBe('failed');
    expect(diagnosis.verdict).toMatch(/^No lane got a tool list/);
    expect(diagnosis.differs).toBe(true);
  });
});
