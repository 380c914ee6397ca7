import { useEffect, useState, type CSSProperties } from 'react';
import { UserRedactionRule } from '../../../shared/bundle/redaction-options';
import { EngineError } from '../../../shared/ipc/client';
import type { BundleExportResponse, BundlePreviewResponse } from '../../../shared/ipc/bundles';
import { downloadUrl } from '../app/capture-actions';
import { useEngine } from '../app/engine-context';

const message = (error: unknown) => (error instanceof EngineError || error instanceof Error ? error.message : String(error));

const RULE_KINDS = {
  header: { label: 'Header name', placeholder: 'X-Tenant-Id' },
  regex: { label: 'Regular expression', placeholder: 'MRN-\\d{8}' },
  'json-path': { label: 'JSON path', placeholder: '$.params.arguments.patient_id' },
} as const;
type RuleKind = keyof typeof RULE_KINDS;

function ruleFrom(kind: RuleKind, text: string): UserRedactionRule | string {
  const candidate = kind === 'header' ? { kind, name: text } : kind === 'regex' ? { kind, pattern: text } : { kind, path: text };
  const parsed = UserRedactionRule.safeParse(candidate);
  return parsed.success ? parsed.data : parsed.error.issues.map((i) => i.message).join('; ');
}

function describeRule(rule: UserRedactionRule): string {
  if (rule.kind === 'header') return `header ${rule.name}`;
  if (rule.kind === 'regex') return `/${rule.pattern}/`;
  return rule.path;
}

// Inline styles keep this dialog self-contained; the CSP allows style set through the DOM.
const S: Record<string, CSSProperties> = {
  backdrop: { position: 'fixed', inset: 0, background: '#0009', zIndex: 50, display: 'flex', alignItems: 'center', justifyContent: 'center' },
  dialog: { background: 'var(--panel-2, #1d2230)', color: 'inherit', border: '1px solid var(--border, #394050)', borderRadius: 10, padding: '16px 18px', width: 640, maxWidth: '92vw', maxHeight: '86vh', overflow: 'auto', boxShadow: '0 10px 40px #000b', display: 'flex', flexDirection: 'column', gap: 12 },
  table: { width: '100%', borderCollapse: 'collapse', fontSize: 12 },
  cell: { borderBottom: '1px solid var(--border, #394050)', padding: '4px 6px', textAlign: 'left', verticalAlign: 'top' },
  warn: { color: 'var(--warn, #e0a030)' },
  error: { color: 'var(--error, #e05050)' },
  row: { display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' },
  muted: { color: 'var(--muted, #8a93a6)', fontSize: 12 },
};

export interface ExportBundleDialogProps {
  onClose(): void;
}

/**
 * File > Export Bundle: previews what redaction will remove from the current session and how
 * often, lets the user add rules or (explicitly) keep secrets, then writes the bundle. Talks to
 * the engine through `previewBundle` and `exportBundle` only.
 */
export function ExportBundleDialog({ onClose }: ExportBundleDialogProps) {
  const { client } = useEngine();
  const [includeSecrets, setIncludeSecrets] = useState(false);
  const [rules, setRules] = useState<UserRedactionRule[]>([]);
  const [kind, setKind] = useState<RuleKind>('header');
  const [text, setText] = useState('');
  const [answer, setAnswer] = useState<{ key: string; preview?: BundlePreviewResponse; error?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [written, setWritten] = useState<BundleExportResponse | null>(null);

  // The preview follows the options; an answer for options since changed is ignored.
  const key = JSON.stringify({ includeSecrets, rules });
  useEffect(() => {
    let live = true;
    client.request('previewBundle', { includeSecrets, rules }).then(
      (preview) => { if (live) setAnswer({ key, preview }); },
      (e: unknown) => { if (live) setAnswer({ key, error: message(e) }); },
    );
    return () => { live = false; };
  }, [client, key, includeSecrets, rules]);
  const loading = answer?.key !== key;
  const preview = answer?.preview ?? null;
  const error = actionError ?? answer?.error ?? null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => { if (event.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const addRule = () => {
    const rule = ruleFrom(kind, text.trim());
    if (typeof rule === 'string') {
      setActionError(`${RULE_KINDS[kind].label}: ${rule}`);
      return;
    }
    setActionError(null);
    setRules([...rules, rule]);
    setText('');
  };

  const exportNow = async () => {
    setBusy(true);
    setActionError(null);
    try {
      const result = await client.request('exportBundle', { includeSecrets, rules });
      if (result) setWritten(result);
    } catch (e) {
      setActionError(message(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={S.backdrop} onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div style={S.dialog} role="dialog" aria-modal="true" aria-label="Export bug-report bundle" data-testid="export-bundle-dialog">
        <h2 style={{ margin: 0, fontSize: 16 }}>Export bug-report bundle{preview ? `: ${preview.title}` : ''}</h2>
        <div style={S.muted}>One zip with the capture, a HAR, tools.json, report.md and report.html, for someone else to open.</div>

        <section aria-label="What will be removed">
          {loading && !preview && <div style={S.muted}>Looking for secrets…</div>}
          {preview && !preview.enabled && <div style={S.warn} role="alert">Redaction is off: the bundle will contain every secret in this session (keys, tokens, cookies).</div>}
          {preview?.enabled && preview.items.length === 0 && <div>No secrets found in {preview.envelopes} frames; nothing will be removed.</div>}
          {preview?.enabled && preview.items.length > 0 && (
            <>
              <div>Will remove from {preview.envelopesChanged} of {preview.envelopes} frames:</div>
              <table style={S.table} data-testid="redaction-preview">
                <thead><tr><th style={S.cell}>what</th><th style={S.cell}>times</th><th style={S.cell}>values</th></tr></thead>
                <tbody>
                  {preview.items.map((item) => (
                    <tr key={item.rule}>
                      <td style={S.cell}>{item.label}</td>
                      <td style={S.cell}>{item.count}</td>
                      <td style={S.cell}>{item.hints.join(', ')}{item.values > item.hints.length ? ` and ${item.values - item.hints.length} more` : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {preview && preview.skipped > 0 && <div style={S.muted}>{preview.skipped} damaged line(s) of the capture are left out.</div>}
        </section>

        <section aria-label="Your redaction rules" style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          <div style={S.row}>
            <select value={kind} onChange={(e) => setKind(e.target.value as RuleKind)} aria-label="Rule kind">
              {(Object.keys(RULE_KINDS) as RuleKind[]).map((k) => <option key={k} value={k}>{RULE_KINDS[k].label}</option>)}
            </select>
            <input value={text} onChange={(e) => setText(e.target.value)} placeholder={RULE_KINDS[kind].placeholder} aria-label="Rule" style={{ flex: 1, minWidth: 200 }}
              onKeyDown={(e) => { if (e.key === 'Enter') addRule(); }} />
            <button type="button" onClick={addRule} disabled={text.trim() === ''}>Add rule</button>
          </div>
          {rules.map((rule, index) => (
            <div key={`${rule.kind}:${index}`} style={S.row}>
              <code>{describeRule(rule)}</code>
              <button type="button" className="link" onClick={() => setRules(rules.filter((_, i) => i !== index))}>remove</button>
            </div>
          ))}
        </section>

        <label style={S.row}>
          <input type="checkbox" checked={includeSecrets} onChange={(e) => setIncludeSecrets(e.target.checked)} data-testid="include-secrets" />
          <span>Include secrets (turns redaction off; share the bundle only with people who may see them)</span>
        </label>

        {error && <div style={S.error} role="alert">{error}</div>}
        {written && (
          <div role="status" data-testid="bundle-written">
            Written to <code>{written.path}</code> ({written.bytes} bytes).
            {written.download && <> <a href={downloadUrl(written.download)} download={written.download} data-testid="download-bundle">Download</a></>}
          </div>
        )}

        <div style={{ ...S.row, justifyContent: 'flex-end' }}>
          <button type="button" onClick={onClose}>{written ? 'Close' : 'Cancel'}</button>
          <button type="button" className="primary" onClick={() => void exportNow()} disabled={busy || loading || preview === null} data-testid="export-bundle">
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
