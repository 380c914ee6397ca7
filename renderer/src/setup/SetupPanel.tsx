import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import { EngineError } from '../../../shared/ipc/client';
import type { ResponseOf, SessionInfo } from '../../../shared/ipc/contract';
import { setupProblems } from '../../../shared/lanes/probe-setup';
import { KNOWN_REVISIONS } from '../../../shared/lanes/protocol-revision';
import { DEMO_SERVERS, type DemoServerId } from '../../../shared/lanes/demo-servers';
import type { McpToolConfig } from '../../../shared/openai/mcp-tool-config';
import { defaultServerLabel, defaultSessionUpdate, localHostOf } from '../../../shared/lanes/server-description';
import { useEngine } from '../app/engine-context';
import { ProxyPanel } from '../proxies/ProxyPanel';
import { KeyStatus } from './KeyStatus';
import { formatLimit, LIMITS } from '../../../shared/capture/limits';
import { EMPTY_FORM, fromSetup, SETUP_LIMITS, toSetup, type SetupForm } from './setup-form';

const LANE_CHOICES: { id: LaneId; title: string }[] = [
  { id: 'inspector', title: 'Inspector' },
  { id: 'playground', title: 'Playground (Responses)' },
  { id: 'realtime', title: 'Realtime' },
  { id: 'claude', title: 'Claude (Messages API)' },
];

const message = (error: unknown) => (error instanceof EngineError || error instanceof Error ? error.message : String(error));

/** What the Realtime lane will send by default, with the token masked: the user sees the exact shape. */
function generatedSessionUpdate(form: SetupForm): string {
  const url = form.server.trim();
  if (url === '') return '// Enter the server URL to see the session.update the Realtime lane will send.';
  if (!/^https?:\/\//i.test(url)) return '// A stdio server cannot be reached by OpenAI; the Realtime lane will be skipped.';
  const label = form.label.trim() || defaultServerLabel({ url });
  const config: McpToolConfig = { type: 'mcp', server_label: label, server_url: url };
  const allowed = form.allowedTools.split(',').map((t) => t.trim()).filter(Boolean);
  if (allowed.length) config.allowed_tools = allowed;
  if (form.requireApproval) config.require_approval = form.requireApproval;
  if (form.bearerToken.trim()) config.authorization = '••••••';
  return JSON.stringify(defaultSessionUpdate(config, { beta: form.beta }), null, 2);
}

/** Where the user describes the server and the lanes, with every problem named before anything runs. */
export function SetupPanel({ session }: { session: SessionInfo | null }) {
  const { client } = useEngine();
  const [form, setForm] = useState<SetupForm>(EMPTY_FORM);
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [demoChoice, setDemoChoice] = useState<DemoServerId>('seed');
  const set = <K extends keyof SetupForm>(key: K, value: SetupForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const [settings, setSettings] = useState<ResponseOf<'getAppSettings'> | null>(null);
  // Read when the panel opens: the file sets the defaults the Limits fold shows.
  useEffect(() => {
    let live = true;
    client.request('getAppSettings', {}).then((found) => { if (live) setSettings(found); }, () => undefined);
    return () => { live = false; };
  }, [client]);

  const { setup, errors: formErrors } = useMemo(() => toSetup(form), [form]);
  const problems = useMemo(() => [...formErrors, ...setupProblems(setup)], [formErrors, setup]);
  const problemFor = (path: string) => (touched ? problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`)).map((p) => p.message) : []);
  const local = /^https?:\/\//i.test(form.server) ? localHostOf(form.server.trim()) : null;
  const hostedChosen = form.lanes.some((l) => l !== 'inspector' && l !== 'era');
  const running = session?.source === 'live' && session.lanes.some((l) => l.status === 'running');

  const run = async (which = setup) => {
    setTouched(true);
    setError(null);
    if (setupProblems(which).length > 0 || formErrors.length > 0) return;
    setBusy('Starting…');
    try {
      await client.request('startProbe', { setup: which as never });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(null);
    }
  };

  const demo = async () => {
    setError(null);
    setBusy('Starting the demo server and the local emulator…');
    try {
      const { setup: preset } = await client.request('startDemo', { server: demoChoice });
      setForm(fromSetup(preset));
      setBusy(null);
      await run(preset);
    } catch (e) {
      setError(message(e));
      setBusy(null);
    }
  };

  return (
    <aside
      className="setup"
      aria-label="Setup"
      data-testid="setup"
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && busy === null) {
          e.preventDefault();
          void run();
        }
      }}
    >
      <div className="setup-actions">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy !== null} data-testid="run-probe">Run probe</button>
        <button type="button" onClick={() => { client.request('stopProbe', {}).catch((e: unknown) => setError(message(e))); }} disabled={!running}>Stop</button>
        <span className="spacer" />
        <button type="button" onClick={() => void demo()} disabled={busy !== null} data-testid="run-demo" title="The chosen fixture server and Parallax's local OpenAI and Anthropic emulator, probed through every lane">Demo</button>
      </div>
      <label className="setup-demo">
        <span>Demo server</span>
        <select value={demoChoice} onChange={(e) => setDemoChoice(e.target.value as DemoServerId)} disabled={busy !== null} data-testid="demo-server" title={DEMO_SERVERS.find((d) => d.id === demoChoice)?.summary}>
          {DEMO_SERVERS.map((d) => <option key={d.id} value={d.id} title={d.summary}>{d.title}</option>)}
        </select>
      </label>
      {busy && <div className="setup-note">{busy}</div>}
      {error && <div className="setup-error" role="alert" data-testid="setup-error">{error}</div>}

      <Field label="Server" hint="An http(s) MCP endpoint, or stdio: followed by a command line" errors={problemFor('server')}>
        <input value={form.server} onChange={(e) => set('server', e.target.value)} placeholder="https://example.com/mcp  or  stdio:npx my-server" spellCheck={false} data-testid="setup-server" />
      </Field>
      {local && hostedChosen && (
        <div className="setup-warn" data-testid="setup-local-warning">
          {local} is only reachable from this machine. OpenAI’s servers cannot reach it: the Playground and Realtime lanes need a public URL (a tunnel), unless they run against the local emulator.
        </div>
      )}
      <div className="row2">
        <Field label="Transport" errors={problemFor('transport')}>
          <select value={form.transport} onChange={(e) => set('transport', e.target.value as SetupForm['transport'])}>
            <option value="auto">auto (Streamable HTTP, then SSE)</option>
            <option value="streamable-http">Streamable HTTP</option>
            <option value="sse">legacy HTTP+SSE</option>
            <option value="stdio">stdio</option>
          </select>
        </Field>
        <Field label="MCP revision" hint="what the Inspector lane speaks" errors={problemFor('protocol')}>
          <select value={form.protocol} onChange={(e) => set('protocol', e.target.value as SetupForm['protocol'])} data-testid="setup-protocol">
            <option value="legacy">legacy (initialize)</option>
            <option value="auto">auto (discover first)</option>
            {KNOWN_REVISIONS.slice().reverse().map((revision) => <option key={revision} value={revision}>only {revision}</option>)}
          </select>
        </Field>
      </div>
      <div className="row2">
        <Field label="Compare with" hint="a second lane at this revision" errors={problemFor('compareProtocol')}>
          <select value={form.compareProtocol} onChange={(e) => set('compareProtocol', e.target.value as SetupForm['compareProtocol'])} data-testid="setup-compare-protocol">
            <option value="">no second revision</option>
            <option value="legacy">legacy (initialize)</option>
            <option value="auto">auto (discover first)</option>
            {KNOWN_REVISIONS.slice().reverse().map((revision) => <option key={revision} value={revision}>only {revision}</option>)}
          </select>
        </Field>
        <Field label="Label" hint="server_label">
          <input value={form.label} onChange={(e) => set('label', e.target.value)} placeholder={form.server ? defaultServerLabel(/^stdio:/i.test(form.server) ? { stdio: { command: form.server.slice(6).trim().split(/\s+/)[0] ?? 'mcp' } } : { url: form.server }) : 'from the URL'} spellCheck={false} />
        </Field>
      </div>
      <Field label="Headers" hint="Name: value, one per line; sent by every lane" errors={problemFor('headers')}>
        <textarea rows={2} value={form.headers} onChange={(e) => set('headers', e.target.value)} spellCheck={false} placeholder="X-Api-Version: 2" />
      </Field>
      <Field label="Bearer token" hint="OpenAI’s authorization field; kept in the engine, redacted in captures">
        <input type="password" autoComplete="off" value={form.bearerToken} onChange={(e) => set('bearerToken', e.target.value)} />
      </Field>
      <div className="row2">
        <Field label="allowed_tools" hint="comma-separated">
          <input value={form.allowedTools} onChange={(e) => set('allowedTools', e.target.value)} spellCheck={false} />
        </Field>
        <Field label="require_approval">
          <select value={form.requireApproval} onChange={(e) => set('requireApproval', e.target.value as SetupForm['requireApproval'])}>
            <option value="">default (always)</option>
            <option value="never">never</option>
            <option value="always">always</option>
          </select>
        </Field>
      </div>
      <Field label="Lanes" errors={problemFor('lanes')} group>
        <div className="checks">
          {LANE_CHOICES.map((lane) => (
            <label key={lane.id}>
              <input type="checkbox" checked={form.lanes.includes(lane.id)} onChange={(e) => set('lanes', e.target.checked ? [...form.lanes, lane.id] : form.lanes.filter((l) => l !== lane.id))} />
              {lane.title}
            </label>
          ))}
        </div>
      </Field>
      <Field label="Client capabilities (Inspector)" hint="Servers may list other tools to clients that declare roots, sampling or elicitation">
        <select value={form.capabilities} onChange={(e) => set('capabilities', e.target.value as SetupForm['capabilities'])}>
          <option value="none">none, like the Inspector CLI</option>
          <option value="all">all, like the Inspector web UI</option>
        </select>
      </Field>
      {form.capabilities === 'all' && (
        <Field label="Roots" hint="what roots/list answers: one file:// URI per line, a name after a space" errors={problemFor('roots')}>
          <textarea rows={2} value={form.roots} onChange={(e) => set('roots', e.target.value)} placeholder="file:///home/ada/project Project" spellCheck={false} data-testid="setup-roots" />
        </Field>
      )}

      <details className="setup-limits" open={SETUP_LIMITS.some((name) => form.limits[name] !== '')}>
        <summary>Limits</summary>
        <p className="field-hint">What a lane keeps of each frame, and the largest answer it reads; empty keeps the default. Sizes like 64MiB.</p>
        {settings && (settings.error
          ? <p className="field-error" role="alert" data-testid="settings-file-error">{settings.error}</p>
          : <p className="field-hint" data-testid="settings-file">{SETUP_LIMITS.some((name) => settings.limits[name] !== undefined) ? 'Defaults from ' : 'Defaults can be set in '}<code>{settings.path}</code></p>)}
        <div className="row3">
          {SETUP_LIMITS.map((name) => (
            <Field key={name} label={LIMITS[name].flag} errors={problemFor(`limits.${name}`)}>
              <input
                value={form.limits[name]} onChange={(e) => set('limits', { ...form.limits, [name]: e.target.value })}
                placeholder={formatLimit(name, settings?.limits[name] ?? LIMITS[name].default)} title={LIMITS[name].description} spellCheck={false} data-testid={`setup-limit-${LIMITS[name].flag}`}
              />
            </Field>
          ))}
        </div>
      </details>

      <div className="row2">
        <Field label="Call a tool" hint="optional, after listing" errors={problemFor('call')}>
          <input value={form.callName} onChange={(e) => set('callName', e.target.value)} placeholder="tool name" spellCheck={false} />
        </Field>
        <Field label="Approvals">
          <select value={form.approval} onChange={(e) => set('approval', e.target.value as SetupForm['approval'])}>
            <option value="auto">answered automatically</option>
            <option value="ask">ask me</option>
          </select>
        </Field>
      </div>
      {form.callName.trim() && (
        <Field label="Arguments" hint="JSON object">
          <textarea rows={2} value={form.callArguments} onChange={(e) => set('callArguments', e.target.value)} spellCheck={false} />
        </Field>
      )}

      <h3>OpenAI</h3>
      <KeyStatus />
      <Field label="Responses base URL" errors={problemFor('openai.baseUrl')}>
        <input value={form.baseUrl} onChange={(e) => set('baseUrl', e.target.value)} placeholder="https://api.openai.com/v1" spellCheck={false} />
      </Field>
      <Field label="Realtime URL" errors={problemFor('openai.realtimeUrl')}>
        <input value={form.realtimeUrl} onChange={(e) => set('realtimeUrl', e.target.value)} placeholder="wss://api.openai.com/v1/realtime?model=gpt-realtime" spellCheck={false} />
      </Field>
      <div className="row2">
        <Field label="Model">
          <input value={form.model} onChange={(e) => set('model', e.target.value)} placeholder="gpt-realtime" spellCheck={false} />
        </Field>
        <Field label="Interface" group>
          <label className="inline"><input type="checkbox" checked={form.beta} onChange={(e) => set('beta', e.target.checked)} /> beta (OpenAI-Beta: realtime=v1): retired, today's API refuses it</label>
        </Field>
      </div>
      <Field label="session.update" errors={problemFor('openai.sessionUpdate')} group>
        <div className="checks">
          <label><input type="radio" checked={form.sessionUpdateMode === 'generated'} onChange={() => set('sessionUpdateMode', 'generated')} /> generated from the server</label>
          <label><input type="radio" checked={form.sessionUpdateMode === 'custom'} onChange={() => set('sessionUpdateMode', 'custom')} data-testid="session-update-custom" /> my app’s own, sent exactly as pasted</label>
        </div>
        {form.sessionUpdateMode === 'generated'
          ? <pre className="session-preview" tabIndex={0} aria-label="The session.update the Realtime lane will send">{generatedSessionUpdate(form)}</pre>
          : <textarea rows={8} aria-label="Your session.update" value={form.sessionUpdate} onChange={(e) => set('sessionUpdate', e.target.value)} spellCheck={false} placeholder='{"type":"session.update","session":{...}}' data-testid="session-update" />}
      </Field>

      <h3>Anthropic (Claude lane)</h3>
      <KeyStatus provider="anthropic" />
      <div className="row2">
        <Field label="Messages base URL" hint="the lane posts to …/v1/messages" errors={problemFor('anthropic.baseUrl')}>
          <input value={form.anthropicBaseUrl} onChange={(e) => set('anthropicBaseUrl', e.target.value)} placeholder="https://api.anthropic.com" spellCheck={false} data-testid="setup-anthropic-base-url" />
        </Field>
        <Field label="Claude model">
          <input value={form.claudeModel} onChange={(e) => set('claudeModel', e.target.value)} placeholder="the lane's default" spellCheck={false} />
        </Field>
      </div>
      <ProxyPanel />
    </aside>
  );
}

function Field({ label, hint, errors = [], group = false, children }: { label: string; hint?: string; errors?: string[]; group?: boolean; children: ReactNode }) {
  const body = (
    <>
      <span className="field-label">{label}{hint && <span className="field-hint"> · {hint}</span>}</span>
      {children}
      {errors.map((e) => <span key={e} className="field-error">{e}</span>)}
    </>
  );
  // A single control is labelled by wrapping it; a group of checkboxes is a labelled group.
  return group
    ? <div className={`field${errors.length ? ' invalid' : ''}`} role="group" aria-label={label}>{body}</div>
    : <label className={`field${errors.length ? ' invalid' : ''}`}>{body}</label>;
}
