import type { AskedRecord, LaneId } from '../../../shared/capture/envelope';
import type { PaneMethod } from '../../../shared/ipc/calls';
import { useEngine } from '../app/engine-context';
import { addToHistory, callEntry, requestsEntry } from './call-history';
import { useCallStore } from './call-store';

export type PaneRequest = { method: PaneMethod; params: Record<string, unknown> };

/**
 * Runs what the Call pane asks for, from its forms or from a history entry alike: each run is a
 * new session, its result shown and its entry put on top of the history.
 */
export function useCallRunner() {
  const { client } = useEngine();
  const [, update] = useCallStore();
  const failed = (error: unknown) => error instanceof Error ? error.message : String(error);

  const callTool = async (name: string, args: Record<string, unknown>, lanes: LaneId[], inputSchema: unknown) => {
    const at = Date.now();
    const asked: AskedRecord = { kind: 'tools/call', tool: name, arguments: args, lanes };
    update({ running: true, error: null, sticky: true });
    try {
      const result = await client.request('callTool', { name, arguments: args, lanes, ...(inputSchema !== undefined ? { inputSchema } : {}) });
      update((s) => ({ running: false, result, history: addToHistory(s.history, callEntry(at, asked, result)) }));
    } catch (error) {
      update({ running: false, error: failed(error) });
    }
  };

  /** A listing is how the section finds what to read, not a read: only reads and gets are listed in the history. */
  const sendRequests = async (requests: PaneRequest[], into: 'listing' | 'answer') => {
    const at = Date.now();
    update({ error: null, sticky: true });
    try {
      const answer = await client.request('sendMcpRequests', { requests });
      const asked: AskedRecord = { kind: 'requests', requests, lanes: ['inspector'] };
      update((s) => (into === 'listing' ? { listing: answer, answer: null } : { answer, history: addToHistory(s.history, requestsEntry(at, asked, answer)) }));
    } catch (error) {
      update({ error: failed(error) });
    }
  };

  return { callTool, sendRequests };
}
