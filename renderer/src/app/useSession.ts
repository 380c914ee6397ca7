import { useEffect, useState } from 'react';
import type { SessionInfo } from '../../../shared/ipc/contract';
import { useEngine } from './engine-context';

/** The engine's current session, kept fresh from sessionChanged and framesAppended events. */
export function useSession(): SessionInfo | null {
  const { client, connection } = useEngine();
  const [session, setSession] = useState<SessionInfo | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    void client.request('getSession', {}).then((s) => { if (live) setSession(s); }, () => undefined);
    const offChanged = client.on('sessionChanged', (s) => setSession(s));
    const offAppended = client.on('framesAppended', ({ sessionId, total }) => {
      setSession((s) => (s && s.id === sessionId && s.total !== total ? { ...s, total } : s));
    });
    return () => {
      live = false;
      offChanged();
      offAppended();
    };
  }, [client, connection]);

  return session;
}
