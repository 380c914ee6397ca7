import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { CallToolResponse, ConnectionState, McpRequestsResponse } from '../../../shared/ipc/calls';
import type { LaneTool } from '../../../shared/ipc/diagnosis-report';
import { useEngine } from '../app/engine-context';
import { emptyHistory, type CallHistory } from './call-history';

/**
 * What the Call pane holds. Every call runs as a new live session, and the session view is
 * rebuilt per session, so this lives above it: the chosen tool, what was typed and the last
 * results survive the session the call itself started.
 */
export interface CallState {
  section: 'tools' | 'resources';
  tool: string | null;
  /** The last tool list a session showed: a resources/prompts session lists no tools, and the Tools section keeps offering these. */
  knownTools: LaneTool[];
  /** Drafts by tool name: switching tools does not lose what was typed. */
  drafts: Record<string, unknown>;
  lanes: LaneId[];
  running: boolean;
  result: CallToolResponse | null;
  error: string | null;
  /** The last resources/prompts answer (list, read or get). */
  listing: McpRequestsResponse | null;
  answer: McpRequestsResponse | null;
  /** What was typed into template variables and prompt arguments, by form. */
  rpValues: Record<string, Record<string, string>>;
  /** The pane was in use when the session changed: the new session's view opens on it. */
  sticky: boolean;
  /** The Inspector lane kept connected (Connect), as the engine last reported it. */
  connection: ConnectionState | null;
  /** Every call, read and get of this app run, and those of opened captures, newest first. */
  history: CallHistory;
}

const initial: CallState = { section: 'tools', tool: null, knownTools: [], drafts: {}, lanes: ['inspector'], running: false, result: null, error: null, listing: null, answer: null, rpValues: {}, sticky: false, history: emptyHistory, connection: null };

type Store = [CallState, (change: Partial<CallState> | ((s: CallState) => Partial<CallState>)) => void];
const CallContext = createContext<Store | null>(null);

export function CallStoreProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState(initial);
  const { client } = useEngine();
  // Only the engine knows when a connection ends (the server went away, a new run replaced it).
  useEffect(() => client.on('connectionChanged', (connection) => setState((s) => ({ ...s, connection }))), [client]);
  const store = useMemo<Store>(() => [state, (change) => setState((s) => ({ ...s, ...(typeof change === 'function' ? change(s) : change) }))], [state]);
  return <CallContext.Provider value={store}>{children}</CallContext.Provider>;
}

export function useCallStore(): Store {
  const store = useContext(CallContext);
  if (!store) throw new Error('useCallStore outside CallStoreProvider');
  return store;
}
