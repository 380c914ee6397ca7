import { useId, useState } from 'react';
import type { McpRequestsResponse } from '../../../shared/ipc/calls';
import { useEngine } from '../app/engine-context';
import { useCallRunner, type PaneRequest } from './call-runner';
import { useCallStore } from './call-store';
import { ContentBlocks, ResourceContents } from './ContentBlocks';
import { useCompletion, type CompletionRef } from './useCompletion';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown, key: string): Record<string, unknown>[] => (isRecord(value) && Array.isArray(value[key]) ? value[key].filter(isRecord) : []);

/** The variables of an RFC 6570 template, `{id}`, `{+path}`, `{?a,b}` alike. */
export function templateVariables(template: string): string[] {
  const names: string[] = [];
  for (const [, body] of template.matchAll(/\{([^}]*)\}/g)) {
    for (const name of (body ?? '').replace(/^[+#./;?&]/, '').split(',')) {
      const clean = name.replace(/[:*].*$/, '').trim();
      if (clean && !names.includes(clean)) names.push(clean);
    }
  }
  return names;
}

/** Expands the template's simple and reserved (`+`) expressions; the query forms add `?a=..&b=..`. */
export function expandTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]*)\}/g, (_, body: string) => {
    const operator = /^[+#./;?&]/.test(body) ? body[0] : '';
    const names = body.slice(operator ? 1 : 0).split(',').map((n) => n.replace(/[:*].*$/, '').trim());
    const encode = (v: string) => (operator === '+' || operator === '#' ? encodeURI(v) : encodeURIComponent(v));
    if (operator === '?' || operator === '&') {
      const pairs = names.filter((n) => values[n]).map((n) => `${n}=${encodeURIComponent(values[n] ?? '')}`);
      return pairs.length ? `${operator}${pairs.join('&')}` : '';
    }
    const prefix = operator === '/' || operator === '.' || operator === '#' ? operator : '';
    return prefix + names.map((n) => encode(values[n] ?? '')).join(',');
  });
}

/** Resources (list, templates with a form for their variables, read) and prompts (list, arguments, get), through the Inspector lane. */
export function ResourcesPrompts({ sessionId, onEvidence }: { sessionId: string; onEvidence: (seqs: number[]) => void }) {
  const { client } = useEngine();
  const runner = useCallRunner();
  const [state, update] = useCallStore();
  const [busy, setBusy] = useState(false);
  const values = state.rpValues;
  const connected = state.connection?.state === 'open' && state.connection.sessionId === sessionId;
  const [subscribed, setSubscribed] = useState<Set<string>>(new Set());
  const toggleSubscription = async (uri: string) => {
    const on = !subscribed.has(uri);
    try {
      const { outcome } = await client.request('sendOnConnection', { method: on ? 'resources/subscribe' : 'resources/unsubscribe', params: { uri } });
      if (outcome.error) throw new Error(`${outcome.method} failed: ${outcome.error}`);
      setSubscribed((set) => { const next = new Set(set); if (on) next.add(uri); else next.delete(uri); return next; });
    } catch (error) {
      update({ error: error instanceof Error ? error.message : String(error) });
    }
  };
  const run = async (requests: PaneRequest[], into: 'listing' | 'answer') => {
    setBusy(true);
    try {
      await runner.sendRequests(requests, into);
    } finally {
      setBusy(false);
    }
  };
  const setValue = (form: string, name: string, value: string) => update((s) => ({ rpValues: { ...s.rpValues, [form]: { ...s.rpValues[form], [name]: value } } }));
  const outcome = (method: string) => state.listing?.outcomes.find((o) => o.method === method);
  const resources = list(outcome('resources/list')?.result, 'resources');
  const templates = list(outcome('resources/templates/list')?.result, 'resourceTemplates');
  const prompts = list(outcome('prompts/list')?.result, 'prompts');

  return (
    <div className="resources-prompts" data-testid="resources-prompts">
      <div className="call-head">
        <button type="button" className="primary" disabled={busy} onClick={() => void run([{ method: 'resources/list', params: {} }, { method: 'resources/templates/list', params: {} }, { method: 'prompts/list', params: {} }], 'listing')} data-testid="rp-load">
          {busy ? 'Asking…' : state.listing ? 'List again' : 'List resources, templates and prompts'}
        </button>
        <span className="muted">through the Inspector lane, against the last probe’s server</span>
      </div>
      {state.error && <div className="call-error" role="alert">{state.error}</div>}
      {state.listing && (
        <div className="rp-columns">
          <section>
            <h4>Resources</h4>
            {outcome('resources/list')?.error && <div className="call-error">{outcome('resources/list')?.error}</div>}
            <ul className="rp-list">
              {resources.map((r) => (
                <li key={String(r.uri)}>
                  <code>{String(r.uri)}</code> {typeof r.name === 'string' && <span className="muted">{r.name}</span>}
                  <button type="button" disabled={busy} onClick={() => void run([{ method: 'resources/read', params: { uri: String(r.uri) } }], 'answer')} data-testid={`rp-read-${String(r.uri)}`}>Read</button>
                  {connected && <button type="button" aria-pressed={subscribed.has(String(r.uri))} onClick={() => void toggleSubscription(String(r.uri))} data-testid={`rp-subscribe-${String(r.uri)}`}>{subscribed.has(String(r.uri)) ? 'Unsubscribe' : 'Subscribe'}</button>}
                </li>
              ))}
            </ul>
            <h4>Templates</h4>
            {templates.map((t) => {
              const template = String(t.uriTemplate);
              const vars = templateVariables(template);
              const filled = values[template] ?? {};
              return (
                <form key={template} className="rp-form" data-testid={`rp-template-${template}`} onSubmit={(e) => { e.preventDefault(); void run([{ method: 'resources/read', params: { uri: expandTemplate(template, filled) } }], 'answer'); }}>
                  <div><code>{template}</code> {typeof t.name === 'string' && <span className="muted">{t.name}</span>}</div>
                  {vars.map((name) => (
                    <label key={name} className="form-field"><span>{name}<abbr className="required" title="required">*</abbr></span>
                      <ArgumentInput connected={connected} completionRef={{ type: 'ref/resource', uri: template }} name={name} others={filled} onChange={(v) => setValue(template, name, v)} testId={`rp-var-${name}`} />
                    </label>
                  ))}
                  <div className="muted">reads <code>{expandTemplate(template, filled)}</code></div>
                  <button type="submit" disabled={busy} data-testid="rp-template-read">Read</button>
                </form>
              );
            })}
          </section>
          <section>
            <h4>Prompts</h4>
            {outcome('prompts/list')?.error && <div className="call-error">{outcome('prompts/list')?.error}</div>}
            {prompts.map((p) => {
              const name = String(p.name);
              const args = Array.isArray(p.arguments) ? p.arguments.filter(isRecord) : [];
              const filled = values[`prompt:${name}`] ?? {};
              return (
                <form key={name} className="rp-form" data-testid={`rp-prompt-${name}`} onSubmit={(e) => { e.preventDefault(); void run([{ method: 'prompts/get', params: { name, arguments: Object.fromEntries(Object.entries(filled).filter(([, v]) => v !== '')) } }], 'answer'); }}>
                  <div><strong>{name}</strong> {typeof p.description === 'string' && <span className="muted">{p.description}</span>}</div>
                  {args.map((a) => (
                    <label key={String(a.name)} className="form-field"><span>{String(a.name)}{a.required === true && <abbr className="required" title="required">*</abbr>}</span>
                      <ArgumentInput connected={connected} completionRef={{ type: 'ref/prompt', name }} name={String(a.name)} others={filled} onChange={(v) => setValue(`prompt:${name}`, String(a.name), v)} placeholder={typeof a.description === 'string' ? a.description : ''} testId={`rp-arg-${String(a.name)}`} />
                    </label>
                  ))}
                  <button type="submit" disabled={busy} data-testid="rp-prompt-get">Get</button>
                </form>
              );
            })}
          </section>
        </div>
      )}
      {state.answer && <Answer answer={state.answer} linkable={state.answer.sessionId === sessionId} onEvidence={onEvidence} />}
    </div>
  );
}

/**
 * A prompt argument or template variable; on an open connection the server's completions for what
 * is typed appear under it while it has focus, and a click takes one.
 */
function ArgumentInput({ connected, completionRef, name, others, onChange, placeholder, testId }: { connected: boolean; completionRef: CompletionRef; name: string; others: Record<string, string>; onChange: (value: string) => void; placeholder?: string; testId: string }) {
  const [focused, setFocused] = useState(false);
  const value = others[name] ?? '';
  const { [name]: _own, ...context } = others;
  const suggestions = useCompletion(connected && focused, completionRef, name, value, context);
  const listId = useId();
  const shown = focused ? suggestions.filter((s) => s !== value) : [];
  return (
    <span className="completing">
      <input value={value} onChange={(e) => onChange(e.target.value)} onFocus={() => setFocused(true)} onBlur={() => setFocused(false)} placeholder={placeholder} aria-controls={shown.length ? listId : undefined} data-testid={testId} />
      {shown.length > 0 && (
        <span className="completions" id={listId} role="listbox" aria-label={`Suggestions for ${name}`} data-testid={`${testId}-completions`}>
          {/* mousedown, not click: the input's blur would hide the list before a click lands. */}
          {shown.slice(0, 12).map((s) => <button key={s} type="button" role="option" aria-selected={false} onMouseDown={(e) => { e.preventDefault(); onChange(s); }}>{s}</button>)}
        </span>
      )}
    </span>
  );
}

function Answer({ answer, linkable, onEvidence }: { answer: McpRequestsResponse; linkable: boolean; onEvidence: (seqs: number[]) => void }) {
  return (
    <div className="rp-answer" data-testid="rp-answer">
      {answer.error && <div className="call-error" role="alert">{answer.error}</div>}
      {answer.outcomes.map((o, i) => (
        <section key={i} className="sbs-lane">
          <h4>
            {o.method} <code>{JSON.stringify(o.params)}</code>
            {linkable && o.evidence.length > 0 && <button type="button" className="chip" onClick={() => onEvidence(o.evidence)} data-testid="rp-evidence">#{o.evidence[0]}</button>}
          </h4>
          {o.error && <div className="call-error" role="alert">{o.error}{o.errorCode !== undefined ? ` (JSON-RPC error ${o.errorCode})` : ''}</div>}
          {list(o.result, 'contents').map((c, j) => (
            <ResourceContents key={j} contents={c} />
          ))}
          {list(o.result, 'messages').map((m, j) => <div key={j}><strong>{String(m.role)}</strong><ContentBlocks content={[m.content]} /></div>)}
          {(o.schemaProblems ?? []).map((p) => <div key={p.path + p.message} className="call-error">breaks the MCP schema at <code>{p.path}</code>: {p.message}</div>)}
        </section>
      ))}
    </div>
  );
}
