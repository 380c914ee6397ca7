import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import { useEngine } from './engine-context';
import { EngineStatus } from './EngineStatus';

const LANES = [
  { id: 'inspector', title: 'Inspector', who: 'Parallax’s own MCP client (official SDK)' },
  { id: 'playground', title: 'Playground', who: 'OpenAI’s hosted MCP client via POST /v1/responses' },
  { id: 'realtime', title: 'Realtime', who: 'OpenAI’s hosted MCP client via a Realtime WebSocket' },
] as const;

export function App() {
  const { client, connection } = useEngine();
  const [info, setInfo] = useState<AppInfo | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    client.request('getAppInfo', {}).then((value) => { if (live) setInfo(value); }, () => undefined);
    return () => { live = false; };
  }, [client, connection]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img src="/icon.svg" alt="" width={22} height={22} />
          <span className="brand-name">MCP Parallax</span>
          {info && <span className="version">v{info.version}</span>}
        </div>
        <div className="topbar-note">One MCP server, seen through every client that matters.</div>
      </header>
      <main className="lanes" aria-label="Lanes">
        {LANES.map((lane) => (
          <section key={lane.id} className="lane" aria-labelledby={`lane-${lane.id}`}>
            <header className="lane-header">
              <h2 id={`lane-${lane.id}`}>{lane.title}</h2>
              <p>{lane.who}</p>
            </header>
            <div className="lane-empty">No traffic yet.</div>
          </section>
        ))}
      </main>
      <EngineStatus info={info} />
    </div>
  );
}
