import { useEffect, useState } from 'react';
import { useEngine } from '../app/engine-context';

type Status = 'set' | 'env' | 'missing';

const WORDS: Record<Status, string> = {
  set: 'An OpenAI key is stored (OS keychain); it never leaves the engine.',
  env: 'Using OPENAI_API_KEY from the engine’s environment.',
  missing: 'No OpenAI key: the Playground and Realtime lanes run only against a custom base URL such as the local emulator.',
};

/** The key's status, and a write-only field to store one: the UI never reads a key back. */
export function KeyStatus() {
  const { client } = useEngine();
  const [status, setStatus] = useState<Status | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.request('getKeyStatus', {}).then((r) => { if (live) setStatus(r.status); }, () => undefined);
    return () => { live = false; };
  }, [client]);

  const save = async () => {
    setError(null);
    try {
      setStatus((await client.request('setApiKey', { key: draft.trim() })).status);
      setDraft('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const clear = async () => {
    setError(null);
    try {
      setStatus((await client.request('clearApiKey', {})).status);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="field" data-testid="key-status" role="group" aria-label="OpenAI key">
      <div className="field-label">OpenAI key <span className={`status status-${status === 'missing' ? 'failed' : 'ok'}`}>{status ?? '…'}</span></div>
      {status && <div className="setup-note">{WORDS[status]}</div>}
      <div className="inline-row">
        <input type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="sk-… (stored, never shown again)" aria-label="OpenAI API key" data-testid="key-input" />
        <button type="button" onClick={() => void save()} disabled={draft.trim() === ''}>Save</button>
        {status === 'set' && <button type="button" onClick={() => void clear()}>Forget</button>}
      </div>
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
