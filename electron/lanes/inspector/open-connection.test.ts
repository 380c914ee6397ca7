import { describe, expect, it } from 'vitest';
import type { RequestOutcome } from '../../../shared/lanes/inspector-result';
import { OpenConnection } from './open-connection';

const answer = (method: string): RequestOutcome => ({ method, params: {}, result: {}, evidence: [] });

/** The lane's side as inspector-lane.ts runs it: take, answer, until null. */
async function serve(connection: OpenConnection, seen: string[]): Promise<void> {
  connection.opened([]);
  for (let next = await connection.next(); next; next = await connection.next()) {
    seen.push(next.request.method);
    next.settle(answer(next.request.method));
  }
}

describe('OpenConnection', () => {
  it('hands requests to the lane in the order sent and answers each; close lets queued ones finish first', async () => {
    const connection = new OpenConnection();
    const seen: string[] = [];
    const first = connection.send({ method: 'ping', params: {} });
    const second = connection.send({ method: 'prompts/list', params: {} });
    connection.close();
    expect(connection.isOpen).toBe(false);
    const lane = serve(connection, seen);
    await connection.ready;
    expect((await first).method).toBe('ping');
    expect((await second).method).toBe('prompts/list');
    await lane;
    expect(seen).toEqual(['ping', 'prompts/list']);
    await expect(connection.send({ method: 'ping', params: {} })).rejects.toThrow(/closing/);
  });

  it('a lane that ends refuses what still waits with its reason, and ready rejects if it never connected', async () => {
    const connection = new OpenConnection();
    const waiting = connection.send({ method: 'ping', params: {} });
    connection.end(new Error('the server process exited (code 3)'));
    await expect(waiting).rejects.toThrow('code 3');
    await expect(connection.ready).rejects.toThrow('code 3');
    expect(connection.endReason?.message).toContain('code 3');
    expect(await connection.next()).toBeNull();
  });

  it('bounds what may wait', async () => {
    const connection = new OpenConnection(2);
    const queued = [connection.send({ method: 'ping', params: {} }), connection.send({ method: 'ping', params: {} })];
    await expect(connection.send({ method: 'ping', params: {} })).rejects.toThrow(/2 requests already wait/);
    connection.end(new Error('done'));
    for (const request of queued) await expect(request).rejects.toThrow('done');
  });
});
