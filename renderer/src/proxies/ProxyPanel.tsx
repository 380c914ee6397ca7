import { useCallback, useEffect, useState } from 'react';
import { EngineError } from '../../../shared/ipc/client';
import type { ProxyInfo, StartProxyRequest } from '../../../shared/ipc/proxies';
import { useEngine } from '../app/engine-context';

const message = (error: unknown) => (error instanceof EngineError || error instanceof Error ? error.message : String(error));

const KINDS = {
  http: { title: 'MCP server proxy (Server lane)', field: 'MCP server URL', placeholder: 'http://127.0.0.1:8000/mcp or …/sse', hint: 'Point any MCP client at the proxy address instead of the server. For OpenAI\'s connector, expose the proxy through a public tunnel (see the README).' },
  tap: { title: 'Realtime tap (Your client lane)', field: 'Upstream (empty: OpenAI)', placeholder: 'https://api.openai.com or the emulator\'s ws://127.0.0.1:PORT/v1/realtime', hint: 'Point your own Realtime client at the tap address; its key passes through to the upstream and is recorded redacted.' },
} as const;

/**
 * Starts and stops the recording proxies and shows the address to copy into a client. Self-
 * contained: it talks to the engine through the typed client and keeps its own small state.
 */
export function ProxyPanel() {
  const { client } = useEngine();
  const [proxies, setProxies] = useState<ProxyInfo[]>([]);
  const [kind, setKind] = useState<StartProxyRequest['kind']>('http');
  const [url, setUrl] = useState('');
  const [port, setPort] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setProxies((await client.request('listProxies', {})).proxies);
    } catch (e) {
      setError(message(e));
    }
  }, [client]);
  useEffect(() => {
    let live = true;
    client.request('listProxies', {}).then(
      (answer) => { if (live) setProxies(answer.proxies); },
      (e: unknown) => { if (live) setError(message(e)); },
    );
    return () => { live = false; };
  }, [client]);

  const start = async () => {
    setError(null);
    const portNumber = port.trim() === '' ? undefined : Number(port);
    if (portNumber !== undefined && !(Number.isInteger(portNumber) && portNumber >= 0 && portNumber <= 65535)) {
      setError(`Port must be a number from 0 to 65535, not "${port}"`);
      return;
    }
    if (kind === 'http' && url.trim() === '') {
      setError('Enter the MCP server URL the proxy should forward to.');
      return;
    }
    const request: StartProxyRequest = kind === 'http'
      ? { kind, target: url.trim(), ...(portNumber !== undefined ? { port: portNumber } : {}) }
      : { kind, ...(url.trim() ? { upstream: url.trim() } : {}), ...(portNumber !== undefined ? { port: portNumber } : {}) };
    setBusy(true);
    try {
      await client.request('startProxy', request);
      await refresh();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const stop = async (id: string) => {
    setError(null);
    try {
      await client.request('stopProxy', { id });
    } catch (e) {
      setError(message(e));
    }
    await refresh();
  };

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(text);
    } catch (e) {
      setError(`Could not copy (${message(e)}); select the address and copy it by hand.`);
    }
  };

  const spec = KINDS[kind];
  return (
    <section className="proxy-panel" aria-label="Recording proxies" data-testid="proxy-panel">
      <h3>Recording proxies</h3>
      <label className="field">
        <span className="field-label">Kind</span>
        <select value={kind} onChange={(e) => setKind(e.target.value as StartProxyRequest['kind'])} disabled={busy}>
          {(Object.keys(KINDS) as (keyof typeof KINDS)[]).map((k) => <option key={k} value={k}>{KINDS[k].title}</option>)}
        </select>
      </label>
      <label className="field">
        <span className="field-label">{spec.field}</span>
        <input value={url} placeholder={spec.placeholder} onChange={(e) => setUrl(e.target.value)} disabled={busy} spellCheck={false} />
      </label>
      <label className="field">
        <span className="field-label">Port <span className="field-hint">· empty: any free port</span></span>
        <input value={port} inputMode="numeric" onChange={(e) => setPort(e.target.value)} disabled={busy} size={6} />
      </label>
      <div className="inline-row">
        <button type="button" className="primary" onClick={() => void start()} disabled={busy} data-testid="proxy-start">{busy ? 'Starting…' : 'Start'}</button>
      </div>
      <p className="setup-note">{spec.hint}</p>
      {error && <p className="setup-error" role="alert">{error}</p>}
      {proxies.length === 0 ? <p className="setup-note">No proxy running.</p> : (
        <ul className="proxy-list">
          {proxies.map((p) => (
            <li key={p.id}>
              <strong>{p.kind === 'http' ? 'Server lane' : 'Your client lane'}</strong> → {p.upstream}
              <div>
                <code>{p.address}</code>{' '}
                <button type="button" onClick={() => void copy(p.address)}>{copied === p.address ? 'Copied' : 'Copy'}</button>{' '}
                <button type="button" onClick={() => void stop(p.id)}>Stop</button>
              </div>
              {p.baseUrl && (
                <div className="setup-note">
                  OpenAI client baseURL: <code>{p.baseUrl}</code>{' '}
                  <button type="button" onClick={() => void copy(p.baseUrl ?? '')}>{copied === p.baseUrl ? 'Copied' : 'Copy'}</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
