import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaptureJournal } from '../capture/journal';
import { sessionFromCapture } from './capture-session';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-capture-session-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('sessionFromCapture', () => {
  it('builds rows while loading, and searches bodies read back from the file', async () => {
    const file = path.join(dir, 'c.parallax');
    const journal = await CaptureJournal.create(file, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date().toISOString(), lanes: [{ lane: 'inspector' }] });
    journal.record({ lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'out', raw: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' });
    journal.record({ lane: 'inspector', conn: 'c', layer: 'jsonrpc', dir: 'in', raw: '{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"get_patient"}]}}' });
    await journal.close();
    const session = await sessionFromCapture(file);
    try {
      expect(session.store.total).toBe(2);
      expect(session.store.row(2)).toMatchObject({ label: 'tools/list → result', pairSeq: 1 });
      // The tool name is only in the second payload, never in a label.
      expect((await session.store.page('get_patient', 0, 10)).rows.map((r) => r.seq)).toEqual([2]);
    } finally {
      await session.dispose();
    }
  });
});
