import { z } from 'zod';
import { HeaderList, LaneId } from '../capture/envelope';
import { LimitsSettings } from '../capture/limits';
import { CapabilityProfile, TransportRequest } from './inspector-result';
import { MCP_CLIENT_BETAS } from '../anthropic/mcp-connector-request';
import { ProtocolRequest } from './protocol-revision';

/**
 * What the Setup screen asks the engine to run: the server under test (the same terms for every
 * lane), which lanes, and the OpenAI lanes' endpoints. The CLI's `probe` flags map onto the same
 * fields. Secrets in it (the bearer token) stay in the engine; the OpenAI key never travels here.
 */
/** Roots as a client gives them to `roots/list`: the spec's roots are file: URIs. */
export const RootList = z.array(z.object({
  uri: z.string().regex(/^file:\/\/\S*$/, 'a root is a file:// URI'),
  name: z.string().max(200).optional(),
}).strict()).max(100);

export const ProbeSetup = z.object({
  /** `http(s)://...` or `stdio:<command line>`. */
  server: z.string().trim().min(1, 'give the server URL or a stdio: command line'),
  transport: TransportRequest.default('auto'),
  /** The MCP revision the Inspector lane speaks. */
  protocol: ProtocolRequest.default('legacy'),
  /** The revision the `era` lane speaks: the Inspector's client again, for two eras side by side. */
  compareProtocol: ProtocolRequest.optional(),
  label: z.string().optional(),
  headers: HeaderList.default([]),
  bearerToken: z.string().optional(),
  allowedTools: z.array(z.string()).optional(),
  requireApproval: z.enum(['always', 'never']).optional(),
  capabilities: CapabilityProfile.default('none'),
  /** What the MCP client lanes answer to `roots/list` when they declare roots (capabilities "all"); the spec's roots are file: URIs. */
  roots: RootList.default([]),
  lanes: z.array(LaneId).min(1, 'choose at least one lane'),
  openai: z.object({
    /** Responses API base, e.g. https://api.openai.com/v1 or the local emulator's /v1. */
    baseUrl: z.string().optional(),
    /** Realtime WebSocket URL; ?model= is added when absent. */
    realtimeUrl: z.string().optional(),
    model: z.string().optional(),
    /** The beta Realtime interface (OpenAI-Beta: realtime=v1), to reproduce older clients. */
    beta: z.boolean().default(false),
    /** The user's own session.update, sent exactly as pasted. */
    sessionUpdate: z.string().optional(),
  }).default({ beta: false }),
  /** The Claude lane: Anthropic's Messages API (or the local emulator's) and its MCP connector beta. */
  anthropic: z.object({
    /** e.g. https://api.anthropic.com or the local emulator's base; the lane posts to <it>/v1/messages. */
    baseUrl: z.string().optional(),
    model: z.string().optional(),
    beta: z.enum(MCP_CLIENT_BETAS).optional(),
  }).strict().default({}),
  call: z.object({ name: z.string().min(1), arguments: z.record(z.string(), z.unknown()).default({}) }).optional(),
  /**
   * Who answers a hosted lane's `mcp_approval_request` for the call: the lane itself (`auto`,
   * approves) or the user (`ask`: the engine sends `approvalRequested`, the UI answers with `answerApproval`).
   */
  approval: z.enum(['auto', 'ask']).default('auto'),
  /** Named limits to change for this run (the rest keep their defaults): what is kept of each frame, the largest message read. */
  limits: LimitsSettings.optional(),
}).strict();
export type ProbeSetup = z.output<typeof ProbeSetup>;
export type ProbeSetupInput = z.input<typeof ProbeSetup>;

/** Why a setup cannot run, field by field, in the user's terms; empty when it can. */
export function setupProblems(input: unknown): { path: string; message: string }[] {
  const parsed = ProbeSetup.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  if (!parsed.success) return problems;
  const setup = parsed.data;
  if (!/^(https?:\/\/\S+|stdio:\s*\S.*)$/i.test(setup.server)) {
    problems.push({ path: 'server', message: `"${setup.server}" is neither an http(s) URL nor a stdio: command line` });
  }
  for (const [field, value] of [['openai.baseUrl', setup.openai.baseUrl], ['openai.realtimeUrl', setup.openai.realtimeUrl], ['anthropic.baseUrl', setup.anthropic.baseUrl]] as const) {
    if (value !== undefined && value !== '' && !URL.canParse(value)) problems.push({ path: field, message: `"${value}" is not a URL` });
  }
  if (setup.lanes.includes('era') && setup.compareProtocol === undefined) problems.push({ path: 'compareProtocol', message: 'the era lane needs a revision to compare with' });
  if (setup.compareProtocol !== undefined && setup.compareProtocol === setup.protocol) problems.push({ path: 'compareProtocol', message: `the Inspector already speaks ${setup.protocol}: compare with a different revision` });
  if (setup.openai.sessionUpdate) {
    try {
      JSON.parse(setup.openai.sessionUpdate);
    } catch (error) {
      problems.push({ path: 'openai.sessionUpdate', message: `the session.update is not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return problems;
}
