import type { LaneId } from '../../../shared/capture/envelope';
import type { ProbeSetupInput } from '../../../shared/lanes/probe-setup';
import type { ProtocolRequest } from '../../../shared/lanes/protocol-revision';
import { formatLimit, LIMITS, LimitValueError, parseByteSize, type LimitName, type LimitsSettings } from '../../../shared/capture/limits';

/** The Setup form's fields as typed, before they become a ProbeSetup. */
export interface SetupForm {
  server: string;
  transport: 'auto' | 'streamable-http' | 'sse' | 'stdio';
  protocol: ProtocolRequest;
  /** '' or a second revision: the era lane runs the same client at it, beside the Inspector. */
  compareProtocol: '' | ProtocolRequest;
  label: string;
  headers: string;
  bearerToken: string;
  allowedTools: string;
  requireApproval: '' | 'always' | 'never';
  capabilities: 'none' | 'all';
  /** file:// URIs, one per line, optionally followed by a space and a name: what roots/list answers. */
  roots: string;
  lanes: LaneId[];
  baseUrl: string;
  realtimeUrl: string;
  model: string;
  beta: boolean;
  sessionUpdateMode: 'generated' | 'custom';
  sessionUpdate: string;
  /** The Claude lane's Anthropic base URL and model ('' for api.anthropic.com and the lane's default). */
  anthropicBaseUrl: string;
  claudeModel: string;
  /** Optional: one tool to call in every lane after listing, with JSON arguments. */
  callName: string;
  callArguments: string;
  approval: 'auto' | 'ask';
  /** Sizes as typed ("64MiB"), '' for the default; only the limits Setup offers. */
  limits: Record<SetupLimit, string>;
}

/** The limits a user may need to raise for a server that means to send a lot; the rest stay with the CLI and settings. */
export const SETUP_LIMITS = ['messageBytes', 'frameBytes', 'sseEventBytes'] as const satisfies readonly LimitName[];
export type SetupLimit = (typeof SETUP_LIMITS)[number];

/** A problem with one field of the form, by the setup path it belongs to (as setupProblems names them). */
export interface FormProblem { path: string; message: string }

export const EMPTY_FORM: SetupForm = {
  server: '', transport: 'auto', protocol: 'legacy', compareProtocol: '', label: '', headers: '', bearerToken: '', allowedTools: '', requireApproval: '',
  capabilities: 'none', roots: '', lanes: ['inspector', 'playground', 'realtime'], baseUrl: '', realtimeUrl: '', model: '', beta: false,
  sessionUpdateMode: 'generated', sessionUpdate: '', anthropicBaseUrl: '', claudeModel: '', callName: '', callArguments: '{}', approval: 'auto',
  limits: { messageBytes: '', frameBytes: '', sseEventBytes: '' },
};

/** The typed sizes as limits; a size that does not parse is a problem named by its flag. */
function parseSetupLimits(typed: Record<SetupLimit, string>): { limits: LimitsSettings | undefined; problems: FormProblem[] } {
  const limits: LimitsSettings = {};
  const problems: FormProblem[] = [];
  for (const name of SETUP_LIMITS) {
    const text = typed[name].trim();
    if (text === '') continue;
    try {
      limits[name] = parseByteSize(text);
    } catch (error) {
      if (!(error instanceof LimitValueError)) throw error;
      problems.push({ path: `limits.${name}`, message: `${LIMITS[name].flag}: ${error.message}` });
    }
  }
  return { limits: Object.keys(limits).length > 0 ? limits : undefined, problems };
}

export interface HeaderParse { headers: [string, string][]; errors: string[] }

/** "Name: value" per line, as curl and the CLI take them; blank lines are ignored. */
export function parseHeaderLines(text: string): HeaderParse {
  const headers: [string, string][] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      errors.push(`header line ${i + 1} is not "Name: value"`);
      return;
    }
    headers.push([name, line.slice(colon + 1).trim()]);
  });
  return { headers, errors };
}

/** The era lane follows the "compare with" choice, right after the Inspector; it is not a checkbox of its own. */
function withEra(lanes: LaneId[], compare: boolean): LaneId[] {
  const others = lanes.filter((lane) => lane !== 'era');
  if (!compare) return others;
  const at = others.indexOf('inspector');
  return at === -1 ? ['era', ...others] : [...others.slice(0, at + 1), 'era', ...others.slice(at + 1)];
}

/** "file:///path name" per line; the name is optional. Anything else is named by line, not sent. */
/** Roots as the lines parseRootLines reads: the URI, then the name after a space. */
export function rootLines(roots: readonly { uri: string; name?: string }[]): string {
  return roots.map((r) => (r.name ? `${r.uri} ${r.name}` : r.uri)).join('\n');
}

export function parseRootLines(text: string): { roots: { uri: string; name?: string }[]; errors: string[] } {
  const roots: { uri: string; name?: string }[] = [];
  const errors: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const [uri = '', ...rest] = trimmed.split(/\s+/);
    if (!/^file:\/\/\S*$/.test(uri)) {
      errors.push(`root line ${i + 1} is not a file:// URI`);
      return;
    }
    const name = rest.join(' ');
    roots.push(name ? { uri, name } : { uri });
  });
  return { roots, errors };
}

const optional = (text: string) => (text.trim() === '' ? undefined : text.trim());

export function toSetup(form: SetupForm): { setup: ProbeSetupInput; errors: FormProblem[] } {
  const parsedHeaders = parseHeaderLines(form.headers);
  const { headers } = parsedHeaders;
  const roots = parseRootLines(form.roots);
  const limits = parseSetupLimits(form.limits);
  const errors: FormProblem[] = [
    ...parsedHeaders.errors.map((message) => ({ path: 'headers', message })),
    ...(form.capabilities === 'all' ? roots.errors.map((message) => ({ path: 'roots', message })) : []),
    ...limits.problems,
  ];
  const allowed = form.allowedTools.split(',').map((t) => t.trim()).filter(Boolean);
  let callArguments: Record<string, unknown> = {};
  if (form.callName.trim()) {
    try {
      const parsed: unknown = JSON.parse(form.callArguments.trim() || '{}');
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) errors.push({ path: 'call', message: 'the tool call arguments must be a JSON object' });
      else callArguments = parsed as Record<string, unknown>;
    } catch (error) {
      errors.push({ path: 'call', message: `the tool call arguments are not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return {
    errors,
    setup: {
      server: form.server.trim(),
      transport: form.transport,
      protocol: form.protocol,
      ...(form.compareProtocol ? { compareProtocol: form.compareProtocol } : {}),
      label: optional(form.label),
      headers,
      bearerToken: optional(form.bearerToken),
      allowedTools: allowed.length ? allowed : undefined,
      requireApproval: form.requireApproval || undefined,
      capabilities: form.capabilities,
      roots: form.capabilities === 'all' ? roots.roots : [],
      lanes: withEra(form.lanes, form.compareProtocol !== ''),
      openai: {
        baseUrl: optional(form.baseUrl),
        realtimeUrl: optional(form.realtimeUrl),
        model: optional(form.model),
        beta: form.beta,
        sessionUpdate: form.sessionUpdateMode === 'custom' ? form.sessionUpdate : undefined,
      },
      anthropic: { baseUrl: optional(form.anthropicBaseUrl), model: optional(form.claudeModel) },
      call: form.callName.trim() ? { name: form.callName.trim(), arguments: callArguments } : undefined,
      approval: form.approval,
      ...(limits.limits ? { limits: limits.limits } : {}),
    },
  };
}

export function fromSetup(setup: ProbeSetupInput): SetupForm {
  return {
    ...EMPTY_FORM,
    server: setup.server,
    transport: setup.transport ?? 'auto',
    protocol: setup.protocol ?? 'legacy',
    compareProtocol: setup.compareProtocol ?? '',
    label: setup.label ?? '',
    headers: (setup.headers ?? []).map(([n, v]) => `${n}: ${v}`).join('\n'),
    lanes: setup.lanes.filter((lane) => lane !== 'era'),
    capabilities: setup.capabilities ?? 'none',
    roots: (setup.roots ?? []).map((r) => (r.name ? `${r.uri} ${r.name}` : r.uri)).join('\n'),
    baseUrl: setup.openai?.baseUrl ?? '',
    realtimeUrl: setup.openai?.realtimeUrl ?? '',
    model: setup.openai?.model ?? '',
    beta: setup.openai?.beta ?? false,
    ...(setup.openai?.sessionUpdate !== undefined ? { sessionUpdateMode: 'custom' as const, sessionUpdate: setup.openai.sessionUpdate } : {}),
    anthropicBaseUrl: setup.anthropic?.baseUrl ?? '',
    claudeModel: setup.anthropic?.model ?? '',
    limits: Object.fromEntries(SETUP_LIMITS.map((name) => {
      const value = setup.limits?.[name];
      // "64 MiB" back as "64MiB", an odd size as its plain number of bytes: both parse again.
      const text = value === undefined ? '' : formatLimit(name, value);
      return [name, text.endsWith(' bytes') ? String(value) : text.replace(' ', '')];
    })) as Record<SetupLimit, string>,
  };
}
