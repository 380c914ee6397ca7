import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compareRequestHandlers } from './compare-requests';
import { RecentCaptures } from './recent-captures';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the Compare view\'s requests', () => {
  it('offers the app\'s own runs (newest first, named by their label) and the captures opened lately, each once', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parallax-compare-'));
    const captures = path.join(dir, 'captures');
    await mkdir(captures);
    const older = path.join(captures, '2026-12-08T01-00-00-000Z-custom_mcp_server.parallax');
    const newer = path.join(captures, '2026-12-08T01-05-00-000Z-seed.parallax');
    await writeFile(older, '');
    await writeFile(newer, '');
    await writeFile(path.join(captures, 'notes.txt'), 'not a capture');
    await utimes(older, new Date('2026-12-08T01:00:00Z'), new Date('2026-12-08T01:00:00Z'));
    await utimes(newer, new Date('2026-12-08T01:05:00Z'), new Date('2026-12-08T01:05:00Z'));
    const recent = new RecentCaptures(dir);
    await recent.add({ path: '/elsewhere/field-report.parallax', openedAt: Date.parse('2026-12-08T00:30:00Z'), title: 'field report' });
    await recent.add({ path: newer, openedAt: Date.parse('2026-12-08T00:10:00Z'), title: 'seed again' });
    const { captures: listed } = await compareRequestHandlers({ capturesDir: captures, recent }).listComparableCaptures({});
    expect(listed.map((c) => [c.title, c.source])).toEqual([['seed', 'run'], ['custom_mcp_server', 'run'], ['field report', 'recent']]);
  });

  it('names the file that is not a capture', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parallax-compare-'));
    const notes = path.join(dir, 'notes.txt');
    await writeFile(notes, 'hello\n');
    const handlers = compareRequestHandlers({ capturesDir: dir, recent: new RecentCaptures(dir) });
    await expect(Promise.resolve(handlers.compareCaptures({ before: notes, after: notes }))).rejects.toThrow(/cannot read .*notes\.txt/);
  });
});
