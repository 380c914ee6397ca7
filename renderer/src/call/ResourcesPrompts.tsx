import { useState } from 'react';
import type { McpRequestsResponse, PaneMethod } from '../../../shared/ipc/calls';
import { useEngine } from '../app/engine-context';
import { useCallStore } from './call-store';
import { ContentBlocks, ResourceContents } from './ContentBlocks';

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
  const [state, update] = useCallStore();
  const [busy, setBusy] = useState(false);
  const values = state.rpValues;
  const run = async (requests: { method: PaneMethod; params: Record<string, unknown> }[], into: 'listing' | 'answer') => {
    setBusy(true);
    update({ error: null, sticky: true });
    try {
      const answer = await client.request('sendMcpRequests', { requests });
      update(into === 'listing' ? { listing: answer, answer: null } : { answer });
    } catch (error) {
      update({ error: error instanceof Error ? error.message : String(error) });
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
                      <input value={filled[name] ?? ''} onChange={(e) => setValue(template, name, e.target.value)} data-testid={`rp-var-${name}`} />
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
                      <input value={filled[String(a.name)] ?? ''} onChange={(e) => setValue(`prompt:${name}`, String(a.name), e.target.value)} placeholder={typeof a.description === 'string' ? a.description : ''} data-testid={`rp-arg-${String(a.name)}`} />
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
