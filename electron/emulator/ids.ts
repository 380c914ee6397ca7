import { randomBytes } from 'node:crypto';

/** OpenAI-looking ids (`event_…`, `item_…`, `resp_…`), random so two sessions never collide. */
export function newId(prefix: 'event' | 'item' | 'resp' | 'sess' | 'mcpr' | 'mcp' | 'mcpl' | 'msg' | 'conv' | 'fc' | 'call'): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}
