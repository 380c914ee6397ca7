import { describe, expect, it } from 'vitest';
import { droppedIn, isSessionless, versionRefusalOf } from './protocol-revision';

describe('protocol revisions', () => {
  it('orders revisions as dates: 2026-07-28 and later are sessionless', () => {
    expect(isSessionless('2025-11-25')).toBe(false);
    expect(isSessionless('2026-07-28')).toBe(true);
  });

  it('says why a connection request is gone in the sessionless revision, and nothing where it exists', () => {
    expect(droppedIn('2026-07-28', 'ping')).toMatch(/no ping/);
    expect(droppedIn('2026-07-28', 'logging/setLevel')).toMatch(/SEP-2577/);
    expect(droppedIn('2026-07-28', 'notifications/roots/list_changed')).toMatch(/no roots\/list_changed/);
    expect(droppedIn('2026-07-28', 'tools/call')).toBeUndefined();
    expect(droppedIn('2025-11-25', 'ping')).toBeUndefined();
    expect(droppedIn(undefined, 'ping')).toBeUndefined();
  });

  it('reads the unsupported-version refusal leniently', () => {
    expect(versionRefusalOf({ code: -32022, message: 'no', data: { supported: ['2026-07-28', 7] } })).toEqual({ message: 'no', supported: ['2026-07-28'] });
    expect(versionRefusalOf({ code: -32601, message: 'Method not found' })).toBeUndefined();
  });
});
