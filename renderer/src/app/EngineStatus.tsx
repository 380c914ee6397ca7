import { useState } from 'react';
import type { AppInfo } from '../../../shared/ipc/contract';
import { EngineError } from '../../../shared/ipc/client';
import { useEngine } from './engine-context';

type Check =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'ok'; roundTripMs: number; served: number }
  | { state: 'error'; message: string };

/** The status bar: where the engine runs and a round trip through the contract on demand. */
export function EngineStatus({ info }: { info: AppInfo | null }) {
  const { client, connection } = useEngine();
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const noToken = !window.parallax && !window.location.hash.includes('token=');

  const runCheck = async () => {
    setCheck({ state: 'busy' });
    const started = performance.now();
    try {
      const text = `ping ${Date.now()}`;
      const answer = await client.request('ping', { text });
      if (answer.text !== text) throw new Error('the engine echoed a different text');
      setCheck({ state: 'ok', roundTripMs: performance.now() - started, served: answer.served });
    } catch (error) {
      setCheck({ state: 'error', message: error instanceof EngineError || error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <footer className="statusbar" aria-label="Engine status">
      <span className={`dot dot-${connection}`} aria-hidden="true" />
      <span data-testid="engine-connection">
        {noToken
          ? 'No access token: open the full address that `parallax web` printed.'
          : connection === 'open'
            ? info
              ? `Engine: ${info.host === 'electron' ? 'Electron main process' : 'browser host'} · Node ${info.versions.node} · pid ${info.pid} · ${info.platform}/${info.arch}`
              : 'Engine connected'
            : connection === 'connecting' ? 'Connecting to the engine…' : 'Engine connection lost; retrying…'}
      </span>
      <span className="spacer" />
      <span data-testid="engine-check-result" className={`check check-${check.state}`}>
        {check.state === 'ok' && `Engine answered in ${check.roundTripMs.toFixed(1)} ms (request #${check.served})`}
        {check.state === 'error' && `Engine check failed: ${check.message}`}
        {check.state === 'busy' && 'Asking the engine…'}
      </span>
      <button type="button" data-testid="engine-check" onClick={() => void runCheck()} disabled={check.state === 'busy'}>
        Check engine
      </button>
    </footer>
  );
}
