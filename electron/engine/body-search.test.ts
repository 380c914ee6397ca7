import { afterEach, describe, expect, it } from 'vitest';
import { BodySearch, BodySearchTimeout } from './body-search';

describe('BodySearch', () => {
  let search: BodySearch | undefined;
  afterEach(() => search?.stop());

  it('matches text and regex in bodies on a worker thread', async () => {
    search = new BodySearch();
    const bodies = ['{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"get_patient"}]}}', '{"jsonrpc":"2.0","id":2,"result":{}}', undefined];
    const labels = ['response', 'response', 'tools/list → result'];
    expect(await search.match({ filter: 'GET_PATIENT', labels, bodies })).toEqual([0]);
    expect(await search.match({ filter: '/"id":\\d,"result":\\{\\}/', labels, bodies })).toEqual([1]);
    expect(await search.match({ filter: '-get_patient', labels, bodies })).toEqual([1, 2]);
    // The label counts too, and field terms are the store's business, not the worker's.
    expect(await search.match({ filter: 'lane:realtime list', labels, bodies })).toEqual([2]);
    expect(search.fallback).toBeUndefined();
  });

  it('stops a regex that backtracks for ever, while the engine thread keeps running', async () => {
    search = new BodySearch(400);
    const body = `${'a'.repeat(40)}!`;
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    try {
      await expect(search.match({ filter: '/(a+)+$/', labels: ['response'], bodies: [body] })).rejects.toBeInstanceOf(BodySearchTimeout);
    } finally {
      clearInterval(ticker);
    }
    // Blocked, the interval could not have run during the 400 ms wait.
    expect(ticks).toBeGreaterThan(5);
    // A fresh worker takes the next search.
    expect(await search.match({ filter: 'aaa', labels: ['response'], bodies: [body] })).toEqual([0]);
    expect(search.fallback).toBeUndefined();
  });
});
