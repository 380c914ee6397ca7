import { useEffect, useState } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { DiagnosisReport, LaneTool } from '../../../shared/ipc/diagnosis-report';
import { formModel, formValue, initialValue, problemPointer } from '../../../shared/tools/schema-form';
import { useEngine } from '../app/engine-context';
import { PaneMethod } from '../../../shared/ipc/calls';
import type { HistoryEntry } from './call-history';
import { CallHistory } from './CallHistory';
import { useCallRunner, type PaneRequest } from './call-runner';
import { useCallStore, type CallState } from './call-store';
import { CallResults } from './CallResults';
import { ConnectionBar } from './ConnectionBar';
import { ResourcesPrompts } from './ResourcesPrompts';
import { SchemaField, type ProblemsByPointer } from './SchemaForm';
import { ServerNotifications } from './ServerNotifications';

const CALLING_LANES: LaneId[] = ['inspector', 'era', 'playground', 'realtime', 'claude'];
const LANE_TITLE: Partial<Record<LaneId, string>> = { inspector: 'Inspector', era: 'Inspector (other revision)', playground: 'Playground (Responses)', realtime: 'Realtime', claude: 'Claude (Messages API)' };

/** The tools to offer: the Inspector's list (it has the inputSchema as the server sent it), else any lane's. */
function toolsOf(report: DiagnosisReport): LaneTool[] {
  const inspector = report.tools.inspector;
  if (inspector && inspector.length > 0) return inspector;
  return Object.values(report.tools).find((list) => list && list.length > 0) ?? [];
}

/** Call a listed tool through the chosen lanes with a form made from its inputSchema, and see each lane's result. */
export function CallPane({ report, sessionId, sessionPath, sessionLanes, onEvidence }: { report: DiagnosisReport; sessionId: string; sessionPath: string | null; sessionLanes: LaneId[]; onEvidence: (seqs: number[]) => void }) {
  const { client } = useEngine();
  const runner = useCallRunner();
  const [state, update] = useCallStore();
  const section = state.section;
  const setSection = (next: CallState['section']) => update({ section: next });
  const listed = toolsOf(report);
  const tools = listed.length > 0 ? listed : state.knownTools;
  const listedNames = listed.map((t) => t.name).join('\n');
  useEffect(() => {
    if (listed.length > 0 && listedNames !== state.knownTools.map((t) => t.name).join('\n')) update({ knownTools: listed });
  });
  const tool = tools.find((t) => t.name === state.tool) ?? tools[0];
  const schema = tool?.schema;
  const model = formModel(schema ?? { type: 'object' });
  const draft = tool ? (tool.name in state.drafts ? state.drafts[tool.name] : model.ok ? initialValue(model.root) : {}) : {};
  const args = model.ok ? formValue(model.root, draft) : draft;
  const [raw, setRaw] = useState(!model.ok);
  const [rawText, setRawText] = useState<string | null>(null);
  const [problems, setProblems] = useState<ProblemsByPointer>(new Map());
  const [checkNote, setCheckNote] = useState<string | null>(null);
  const setDraft = (next: unknown) => tool && update((s) => ({ drafts: { ...s.drafts, [tool.name]: next } }));

  // The engine validates (Ajv compiles code, which the renderer's CSP forbids); a short pause keeps typing smooth.
  const argsText = JSON.stringify(args ?? {});
  useEffect(() => {
    if (!tool) return;
    let live = true;
    const timer = setTimeout(() => {
      client.request('checkArguments', { schema: tool.schema ?? {}, value: JSON.parse(argsText) as unknown }).then((verdict) => {
        if (!live) return;
        const byPointer: ProblemsByPointer = new Map();
        for (const p of verdict.problems) {
          const at = problemPointer(p);
          byPointer.set(at, [...(byPointer.get(at) ?? []), p.message]);
        }
        setProblems(byPointer);
        setCheckNote(verdict.ok === 'unchecked' ? `not checked: ${verdict.reason ?? 'no usable schema'}` : null);
      }, () => undefined);
    }, 200);
    return () => { live = false; clearTimeout(timer); };
  }, [client, tool, argsText]);

  const laneChoices = CALLING_LANES.filter((lane) => sessionLanes.includes(lane));
  const lanes = state.lanes.filter((lane) => laneChoices.includes(lane));
  const call = async () => {
    if (!tool) return;
    await runner.callTool(tool.name, (args ?? {}) as Record<string, unknown>, lanes.length ? lanes : ['inspector'], tool.schema);
  };
  // The form shows what runs again: the tool, its arguments as asked and its lanes (prompt arguments for a get).
  const rerun = (entry: HistoryEntry) => {
    const asked = entry.asked;
    if (asked.kind === 'tools/call') {
      update((s) => ({ section: 'tools', tool: asked.tool, drafts: { ...s.drafts, [asked.tool]: asked.arguments }, lanes: asked.lanes }));
      setRawText(null);
      void runner.callTool(asked.tool, asked.arguments, asked.lanes, tools.find((t) => t.name === asked.tool)?.schema);
      return;
    }
    const requests: PaneRequest[] = [];
    for (const { method, params } of asked.requests) {
      const known = PaneMethod.safeParse(method);
      if (!known.success) {
        update({ error: `${method} cannot be sent from the Call pane, so this entry cannot be run again here.` });
        return;
      }
      requests.push({ method: known.data, params });
    }
    const prompts = Object.fromEntries(requests.flatMap(({ method, params }) => (method === 'prompts/get' && typeof params.name === 'string' && typeof params.arguments === 'object' && params.arguments !== null
      ? [[`prompt:${params.name}`, Object.fromEntries(Object.entries(params.arguments).map(([k, v]) => [k, String(v)]))]] : [])));
    update((s) => ({ section: 'resources', rpValues: { ...s.rpValues, ...prompts } }));
    void runner.sendRequests(requests, 'answer');
  };
  const history = <CallHistory sessionId={sessionId} sessionPath={sessionPath} running={state.running} onRerun={rerun} onError={(error) => update({ error })} />;
  const rootProblems = problems.get('') ?? [];

  const connectedHere = state.connection?.state === 'open' && state.connection.sessionId === sessionId;
  return (
    <div className="call-pane" data-testid="call-pane">
      <ConnectionBar sessionId={sessionId} onEvidence={onEvidence} />
      <div className="segmented" role="group" aria-label="What to call">
        <button type="button" className={section === 'tools' ? 'active' : ''} aria-pressed={section === 'tools'} onClick={() => setSection('tools')} data-testid="call-section-tools">Tools</button>
        <button type="button" className={section === 'resources' ? 'active' : ''} aria-pressed={section === 'resources'} onClick={() => setSection('resources')} data-testid="call-section-resources">Resources &amp; prompts</button>
      </div>
      {section === 'resources' ? <><ResourcesPrompts sessionId={sessionId} onEvidence={onEvidence} />{history}</> : tools.length === 0 ? <><div className="panel-empty">No lane has listed any tools yet: run a probe (or the Demo) first.</div>{history}</> : (
        <>
          <div className="call-head">
            <label>Tool{' '}
              <select value={tool?.name ?? ''} onChange={(e) => { update({ tool: e.target.value }); setRawText(null); }} data-testid="call-tool">
                {tools.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
              </select>
            </label>
            <fieldset className="call-lanes">
              <legend>Call in lanes</legend>
              {laneChoices.map((lane) => (
                <label key={lane}>
                  <input type="checkbox" checked={lanes.includes(lane)} onChange={(e) => update((s) => ({ lanes: e.target.checked ? [...s.lanes, lane] : s.lanes.filter((l) => l !== lane) }))} data-testid={`call-lane-${lane}`} /> {LANE_TITLE[lane]}
                </label>
              ))}
            </fieldset>
            {model.ok && <button type="button" onClick={() => { setRaw(!raw); setRawText(null); }} aria-pressed={raw} data-testid="call-raw-toggle">{raw ? 'Form' : 'Edit as JSON'}</button>}
            <button type="button" className="primary" disabled={state.running || !tool} onClick={() => void call()} data-testid="call-run">{state.running ? 'Calling…' : 'Call'}</button>
            {connectedHere && <span className="muted" data-testid="call-route">{lanes.every((l) => l === 'inspector') ? 'on the open connection' : 'as a new run, which closes the connection'}</span>}
          </div>
          {tool?.description && <p className="muted">{tool.description}</p>}
          {!model.ok && <p className="muted">The form cannot express this schema ({model.reason}): edit the arguments as JSON.</p>}
          {raw || !model.ok ? (
            <textarea
              className="raw-args"
              rows={8}
              value={rawText ?? JSON.stringify(args ?? {}, null, 2)}
              onChange={(e) => {
                setRawText(e.target.value);
                try {
                  const parsed: unknown = JSON.parse(e.target.value);
                  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) setDraft(parsed);
                } catch { /* the text stays as typed until it parses */ }
              }}
              aria-label="Arguments as JSON"
              data-testid="call-raw"
            />
          ) : (
            <form className="schema-form" onSubmit={(e) => { e.preventDefault(); void call(); }}>
              {model.root.fields?.length === 0
                ? <p className="muted" data-testid="call-no-arguments">This tool takes no arguments.</p>
                : <SchemaField field={model.root} draft={draft} onChange={setDraft} problems={problems} idPrefix="call" />}
            </form>
          )}
          {(raw || !model.ok) && problems.size > 0 && (
            <ul className="field-errors" data-testid="call-raw-errors">{[...problems].flatMap(([at, list]) => list.map((m) => <li key={at + m}><code>{at || '/'}</code> {m}</li>))}</ul>
          )}
          {!raw && model.ok && rootProblems.length > 0 && <ul className="field-errors">{rootProblems.map((m) => <li key={m}>{m}</li>)}</ul>}
          {checkNote && <p className="muted">{checkNote}</p>}
          {problems.size > 0 && <p className="muted" data-testid="call-invalid-note">The arguments do not fit the schema; Call sends them anyway, to see what the server does.</p>}
          {state.error && <div className="call-error" role="alert" data-testid="call-error">{state.error}</div>}
          {state.result && <CallResults report={state.result} sessionId={sessionId} diagnosis={report} onEvidence={onEvidence} />}
          {history}
        </>
      )}
      {connectedHere && <ServerNotifications sessionId={sessionId} onEvidence={onEvidence} />}
    </div>
  );
}
