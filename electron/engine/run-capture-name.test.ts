import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCaptureFile, runCaptureLabel } from './run-capture-name';

describe('run capture names', () => {
  it('writes <ISO time>-<label>.parallax and reads the label back', () => {
    const file = runCaptureFile('/data/captures', 'custom mcp/server', new Date('2026-12-08T01:02:03.456Z'));
    expect(file).toBe(path.join('/data/captures', '2026-12-08T01-02-03-456Z-custom_mcp_server.parallax'));
    expect(runCaptureLabel(path.basename(file))).toBe('custom_mcp_server');
    expect(runCaptureLabel('2026-12-08T01-02-03-456Z-seed.parallax.gz')).toBe('seed');
    expect(runCaptureLabel('field-report.parallax')).toBe('field-report');
  });
});
