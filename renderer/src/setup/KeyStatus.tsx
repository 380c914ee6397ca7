import { useEffect, useState } from 'react';
import { useEngine } from '../app/engine-context';

type Status = 'set' | 'env' | 'missing';
type Provider = 'openai' | 'anthropic';

const PROVIDERS: Record<Provider, { name: string; placeholder: string; words: Record<Status, string> }> = {
  openai: {
    name: 'OpenAI', placeholder: 'sk-… (stored, never shown again)',
    words: {
      set: 'An OpenAI key is stored (OS keychain); it never leaves the engine.',
      env: 'Using OPENAI_API_KEY from the engine’s environment.',
      missing: 'No OpenAI key: the Playground and Realtime lanes run only against a custom base URL such as the local emulator.',
    },
  },
  anthropic: {
    name: 'Anthropic', placeholder: 'sk-ant-… (stored, never shown again)',
    words: {
      set: 'An Anthropic key is stored (OS keychain); it never leaves the engine.',
      env: 'Using ANTHROPIC_API_KEY from the engine’s environment.',
      missing: 'No Anthropic key: the Claude lane runs only against a custom base URL such as the local emulator.',
    },
  },
};

/** A provider's key status, and a write-only field to store one: the UI never reads a key back. */
export function KeyStatus({ provider = 'openai' }: { provider?: Provider }) {
  const { name, placeholder, words } = PROVIDERS[provider];
  const suffix = provider === 'openai' ? '' : `-${provider}`;
  const { client } = useEngine();
  const [status, setStatus] = useState<Status | null>(null);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.request('getKeyStatus', { provider }).then((r) => { if (live) setStatus(r.status); }, () => undefined);
    return () => { live = false; };
  }, [client, provider]);

  const save = async () => {
    setError(null);
    try {
      setStatus((await client.request('setApiKey', { key: draft.trim(), provider })).status);
      setDraft('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const clear = async () => {
    setError(null);
    try {
      setStatus((await client.request('clearApiKey', { provider })).status);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="field" data-testid={`key-status${suffix}`} role="group" aria-label={`${name} key`}>
      <div className="field-label">{name} key <span className={`status status-${status === 'missing' ? 'failed' : 'ok'}`}>{status ?? '…'}</span></div>
      {status && <div className="setup-note">{words[status]}</div>}
      <div className="inline-row">
        <input type="password" autoComplete="off" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={placeholder} aria-label={`${name} API key`} data-testid={`key-input${suffix}`} />
        <button type="button" onClick={() => void save()} disabled={draft.trim() === ''}>Save</button>
        {status === 'set' && <button type="button" onClick={() => void clear()}>Forget</button>}
      </div>
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
