import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ParallaxClient } from '../../../shared/ipc/client';
import { connectEngine } from '../bridge/connect';
import type { SocketState } from '../bridge/socket-bridge';

interface EngineContextValue {
  client: ParallaxClient;
  /** 'open' in Electron (IPC is always there); the socket's state in a browser. */
  connection: SocketState;
}

const EngineContext = createContext<EngineContextValue | null>(null);

export function EngineProvider({ children }: { children: ReactNode }) {
  const [connection, setConnection] = useState<SocketState>(window.parallax ? 'open' : 'connecting');
  const client = useMemo(() => connectEngine(setConnection), []);
  const value = useMemo(() => ({ client, connection }), [client, connection]);
  return <EngineContext.Provider value={value}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineContextValue {
  const value = useContext(EngineContext);
  if (!value) throw new Error('useEngine outside EngineProvider');
  return value;
}
