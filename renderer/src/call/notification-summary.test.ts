import { describe, expect, it } from 'vitest';
import { notificationSummary } from './notification-summary';

describe('notificationSummary', () => {
  it('says what each kind of notification carries', () => {
    expect(notificationSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'debug', logger: 'fixture', data: { tool: 'book_visit' } } }))).toBe('[debug] fixture: {"tool":"book_visit"}');
    expect(notificationSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/resources/updated', params: { uri: 'clinic://opening-hours' } }))).toBe('clinic://opening-hours');
    expect(notificationSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 2, total: 5, message: 'step 2' } }))).toBe('2 of 5 · step 2');
    expect(notificationSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/tools/list_changed', params: { _meta: {} } }))).toBe('');
  });

  it('keeps a broken or huge frame to one readable line', () => {
    expect(notificationSummary('{not json')).toBe('{not json');
    const long = notificationSummary(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x'.repeat(10_000) } }));
    expect(long.length).toBe(240);
    expect(long.endsWith('…')).toBe(true);
  });
});
