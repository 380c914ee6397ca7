import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose';

describe('the verdict of a run Parallax stopped recording', () => {
  it('leads with the recording, not the server, and the finding names the reason', () => {
    const reason = 'Recording stopped: the disk holding the capture /tmp/run.parallax is full (ENOSPC).';
    const diagnosis = diagnose([], undefined, { recordingStopped: reason });
    expect(diagnosis.verdict).toBe('Parallax stopped recording during the run (see the first finding), so the lanes were cut short and this is no verdict on the server. The capture holds no lane that ran, so there is nothing to compare.');
    expect(diagnosis.findings[0]).toMatchObject({ id: 'capture.recording-stopped', severity: 'error', detail: expect.stringContaining(reason) });
    expect(diagnosis.differs).toBe(true);
    expect(diagnose([]).findings.some((f) => f.id === 'capture.recording-stopped')).toBe(false);
  });
});
