import { afterEach, describe, expect, it } from 'vitest';
import { parseServerDescription } from '../../../shared/lanes/server-description';
import { MemorySink } from '../../capture/memory-sink';
import { startEmulator } from '../../emulator/emulator';
import type { EmulatorOptions } from '../../emulator/options';
import { startFixtureServer } from '../../fixtures/fixture-server';
import { runRealtimeLane, type RealtimeLaneOptions } from './realtime-lane';

/**
 * The emulator's [guess] switches stand for the event orders the real API might use instead.
 * The lane reads the documented events, so it must give the same answer under each.
 */
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function runAgainst(options: Partial<EmulatorOptions>, lane: Partial<RealtimeLaneOptions> = {}, fault?: string) {
  const seed = await startFixtureServer({ profile: 'seed' });
  closers.push(() => seed.close());
  const emulator = await startEmulator({ allowPrivateNetwork: true, ...options });
  closers.push(() => emulator.close());
  const sink = new MemorySink();
  const url = `${emulator.realtimeUrl}?model=gpt-realtime${fault ? `&parallax_fault=${fault}` : ''}`;
  const result = await runRealtimeLane({ server: parseServerDescription({ url: seed.url, label: 'seed' }), apiKey: 'sk-variant-test', url, ...lane }, sink);
  return { result, sink };
}

describe('Realtime lane under other plausible event orders', () => {
  it('lists the tools when the item is first seen at conversation.item.done (no conversation.item.added)', async () => {
    const { result } = await runAgainst({ announceListItemFirst: false });
    expect(result.status).toBe('ok');
    expect(result.listings).toEqual([expect.objectContaining({ serverLabel: 'seed', source: 'conversation.item.done', outcome: 'completed' })]);
    expect(result.tools).toHaveLength(10);
  });

  it('still ends a failed listing when neither conversation.item.done nor an error event follows it', async () => {
    const { result } = await runAgainst({ itemDoneAfterListFailure: false, errorEventAfterListFailure: false }, { timeouts: { itemDoneGraceMs: 50 } }, 'list-fail');
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'list-failed', message: 'mcp_list_tools.failed for "seed"' });
    expect(result.listings[0]).toMatchObject({ outcome: 'failed', source: null });
  });

  it('reads the failure message from the error event even without conversation.item.done', async () => {
    const { result } = await runAgainst({ itemDoneAfterListFailure: false }, { timeouts: { itemDoneGraceMs: 50 } }, 'list-fail');
    expect(result.error?.message).toMatch(/^mcp_list_tools.failed for "seed": mcp_list_tools_failed: Error retrieving tool list/);
  });
});
