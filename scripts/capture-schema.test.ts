import { Ajv2020 } from 'ajv/dist/2020.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureJournal } from '../electron/capture/journal';
import { CAPTURE_SCHEMA_PATH, renderCaptureSchema } from './capture-schema';

describe('docs/capture.schema.json', () => {
  it('matches the zod schemas (run `npm run capture-schema` when this fails)', async () => {
    expect(await readFile(CAPTURE_SCHEMA_PATH, 'utf8')).toBe(renderCaptureSchema());
  });

  it('accepts every line the journal writes and rejects a malformed envelope', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parallax-schema-'));
    try {
      const path = join(dir, 'a.parallax');
      const journal = await CaptureJournal.create(path, { app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(), lanes: [{ lane: 'realtime', settings: { model: 'm' } }] });
      journal.record({ lane: 'realtime', conn: 'r', layer: 'ws', dir: 'in', raw: '{"type":"error"}', ws: { kind: 'close', code: 1011 } });
      journal.record({ lane: 'inspector', conn: 'i', layer: 'http', dir: 'out', raw: '', redacted: true, http: { exchange: 'x', phase: 'request', method: 'GET', url: 'http://127.0.0.1/sse', headers: [['authorization', '[redacted]']] } });
      journal.record({ lane: 'inspector', conn: 'i', layer: 'meta', dir: 'in', raw: '{"kind":"transport","chosen":"sse"}', link: { carrier: 2 } });
      await journal.close();
      const validate = new Ajv2020({ strict: false }).compile(JSON.parse(renderCaptureSchema()) as object);
      for (const line of (await readFile(path, 'utf8')).trim().split('\n')) {
        expect(validate(JSON.parse(line)), JSON.stringify(validate.errors)).toBe(true);
      }
      expect(validate({ seq: 0, t: 1, lane: 'inspector', conn: 'c', layer: 'http', dir: 'out', raw: '' })).toBe(false);
      expect(validate({ seq: 1, t: 1, lane: 'inspector', conn: 'c', layer: 'smoke', dir: 'out', raw: '' })).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
