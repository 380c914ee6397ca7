import { useEffect } from 'react';

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Ctrl/⌘ O', action: 'Open a capture' },
  { keys: 'Ctrl/⌘ Shift S', action: 'Save the capture' },
  { keys: 'Ctrl/⌘ E', action: 'Export a bug-report bundle' },
  { keys: 'Ctrl/⌘ Enter', action: 'Run the probe (in Setup)' },
  { keys: '/', action: 'Filter frames' },
  { keys: '↑ ↓', action: 'Previous / next frame (timeline focused)' },
  { keys: 'Space, ← →', action: 'Replay: play or pause, step (replay bar focused)' },
  { keys: 'Esc', action: 'Clear the filter, close a dialog' },
  { keys: '?', action: 'Show these shortcuts' },
];

export interface ShortcutActions {
  open(): void;
  save(): void;
  exportBundle(): void;
  showHelp(): void;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * Window-wide shortcuts. In Electron the menu's accelerators already send Open, Save and Export,
 * so the page only handles them in a browser, where there is no menu.
 */
export function useShortcuts(actions: ShortcutActions): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !window.parallax) {
        const key = event.key.toLowerCase();
        if (key === 'o' && !event.shiftKey) { event.preventDefault(); actions.open(); return; }
        if (key === 's' && event.shiftKey) { event.preventDefault(); actions.save(); return; }
        if (key === 'e' && !event.shiftKey) { event.preventDefault(); actions.exportBundle(); return; }
      }
      if (typing(event.target) || mod || event.altKey) return;
      if (event.key === '/') {
        event.preventDefault();
        document.querySelector<HTMLInputElement>('[data-testid="filter"]')?.focus();
      } else if (event.key === '?') {
        event.preventDefault();
        actions.showHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);
}

export function ShortcutsHelp({ onClose }: { onClose: () => void }) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" onClick={onClose} data-testid="shortcuts">
      <div className="shortcuts-card" onClick={(e) => e.stopPropagation()}>
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => <tr key={s.keys}><td><kbd>{s.keys}</kbd></td><td>{s.action}</td></tr>)}
          </tbody>
        </table>
        <p className="muted">Close with Esc.</p>
      </div>
    </div>
  );
}
