import { useEffect, useRef, useState, type FormEvent } from 'react';
import { EngineError } from '../../../shared/ipc/client';
import type { AppInfo } from '../../../shared/ipc/contract';
import { useEngine } from './engine-context';

type Recent = { path: string; openedAt: number; title: string };

const message = (error: unknown) => (error instanceof EngineError || error instanceof Error ? error.message : String(error));

/** Open a capture (native dialog in Electron, a path field in a browser) and reopen recent ones. */
export function CaptureControls({ info, onError, asking, setAsking, canSave, onSave }: { info: AppInfo | null; onError: (message: string | null) => void; asking: boolean; setAsking: (asking: boolean) => void; canSave: boolean; onSave: () => void }) {
  const { client } = useEngine();
  const [recent, setRecent] = useState<Recent[]>([]);
  const [recentOpen, setRecentOpen] = useState(false);
  const [path, setPath] = useState('');
  const input = useRef<HTMLInputElement>(null);

  const open = async () => {
    onError(null);
    if (info?.nativeDialogs) {
      try {
        await client.request('openCaptureDialog', {});
      } catch (error) {
        onError(message(error));
      }
    } else {
      setAsking(true);
    }
  };
  useEffect(() => { if (asking) input.current?.focus(); }, [asking]);

  const openPath = async (target: string) => {
    onError(null);
    setRecentOpen(false);
    try {
      await client.request('openCapture', { path: target });
      setAsking(false);
    } catch (error) {
      onError(message(error));
    }
  };

  const showRecent = async () => {
    if (recentOpen) return setRecentOpen(false);
    setRecent((await client.request('getRecentCaptures', {})).captures);
    setRecentOpen(true);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (path.trim()) void openPath(path.trim());
  };

  return (
    <div className="capture-controls">
      <button type="button" onClick={() => void open()} data-testid="open-capture">Open capture…</button>
      <button type="button" onClick={() => void showRecent()} aria-expanded={recentOpen} data-testid="recent-captures">Recent ▾</button>
      <button type="button" onClick={onSave} disabled={!canSave} data-testid="save-capture" title="Save this session's capture (.parallax, or .parallax.gz compressed)">Save capture…</button>
      {recentOpen && (
        <div className="menu-popover" role="menu">
          {recent.length === 0 && <div className="menu-empty">No captures opened yet.</div>}
          {recent.map((r) => (
            <button key={r.path} type="button" role="menuitem" className="menu-item" onClick={() => void openPath(r.path)} title={r.path}>
              <span>{r.title}</span>
              <span className="muted">{new Date(r.openedAt).toLocaleString()}</span>
            </button>
          ))}
        </div>
      )}
      {asking && (
        <form className="path-form" onSubmit={submit}>
          <input ref={input} value={path} onChange={(e) => setPath(e.target.value)} placeholder="Path of a .parallax or .parallax.gz capture on the engine's machine, or drop a file on the window" aria-label="Capture path" data-testid="capture-path" spellCheck={false} />
          <button type="submit">Open</button>
          <button type="button" onClick={() => setAsking(false)}>Cancel</button>
        </form>
      )}
    </div>
  );
}
