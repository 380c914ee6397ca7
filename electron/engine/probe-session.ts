import { runCaptureFile } from './run-capture-name';
import { mkdir } from 'node:fs/promises';
import { boundedAsked } from '../../shared/capture/asked';
import { CAPTURE_FORMAT, CAPTURE_VERSION, type AskedRecord, type CaptureSink, type Envelope, type LaneId } from '../../shared/capture/envelope';
import { resolveLimits } from '../../shared/capture/limits';
import type { ProbeSetup } from '../../shared/lanes/probe-setup';
import type { LaneState } from '../../shared/ipc/contract';
import type { LaneSummary } from '../../shared/lanes/probe-report';
import type { ApprovalDecider } from '../lanes/wire/tool-call-request';
import { APP_VERSION } from '../app-version';
import { CaptureJournal } from '../capture/journal';
import { probeLanes } from '../probe/lanes';
import type { ProbeOptions } from '../probe/probe-lane';
import { runProbe, type ProbeOutcome } from '../probe/run-probe';
import { Session } from './session';

export interface ProbeSessionOptions {
  setup: ProbeSetup;
  /** Where live captures are journaled. */
  capturesDir: string;
  /** The OpenAI key for the hosted lanes, resolved by the engine; never recorded. */
  apiKey: string | null;
  /** The Anthropic key for the Claude lane, resolved the same way; never recorded. */
  anthropicKey?: string | null;
  /** The OpenAI side is Parallax's local emulator (labelled as such everywhere). */
  emulated: boolean;
  /** With setup.approval "ask": who answers each hosted lane's approval requests. */
  approverFor?: (lane: 'playground' | 'realtime') => ApprovalDecider;
  /**
   * What the run adds to the setup: the Call pane's requests (resources, prompts) without a tool
   * listing, who answers elicitations, a longer timeout while a user fills a form.
   */
  extra?: Pick<ProbeOptions, 'requests' | 'listTools' | 'requestTimeoutMs' | 'answers' | 'connection'>;
  /** The call, read or get the user asked for, recorded in the header so the capture can be run again. */
  asked?: AskedRecord;
}

export interface RunningProbe {
  session: Session;
  done: Promise<ProbeOutcome>;
  stop(): void;
  /** Writes what the journal holds so a copy of the file is current. */
  flush(): Promise<void>;
}

/** A finished lane as its header shows it: the outcome, and for MCP lanes the protocol revision spoken. */
function laneState(lane: LaneId, summary: LaneSummary): LaneState {
  const { status, tools, error, protocol } = summary;
  const outcome = error ?? (status === 'ok' ? `listed ${tools.length} tools` : status);
  return { lane, status, detail: protocol ? `${outcome} · MCP ${protocol}` : outcome, toolCount: status === 'ok' ? tools.length : null };
}

/** The CLI's probe flags and the Setup screen describe the same run; this maps the latter onto the former. */
export function probeOptionsFrom(setup: ProbeSetup, apiKey: string | null, approverFor?: ProbeSessionOptions['approverFor'], anthropicKey: string | null = null): ProbeOptions {
  const approve = (lane: 'playground' | 'realtime') => (setup.approval === 'ask' && approverFor ? { approve: approverFor(lane) } : {});
  return {
    server: setup.server,
    transport: setup.transport,
    protocol: setup.protocol,
    ...(setup.compareProtocol !== undefined ? { compareProtocol: setup.compareProtocol } : {}),
    headers: setup.headers,
    bearerToken: setup.bearerToken,
    capabilities: setup.capabilities,
    ...(setup.roots.length > 0 ? { roots: setup.roots } : {}),
    call: setup.call,
    ...(setup.limits ? { limits: resolveLimits(setup.limits) } : {}),
    lane: {
      // openai.model is the Realtime model (gpt-realtime...); the Responses lane keeps its own default model.
      playground: { baseUrl: setup.openai.baseUrl, apiKey, label: setup.label, allowedTools: setup.allowedTools, requireApproval: setup.requireApproval, ...approve('playground') },
      // baseUrl too: without a Realtime URL the lane derives ws(s)://<base>/realtime from it.
      realtime: { url: setup.openai.realtimeUrl, baseUrl: setup.openai.baseUrl, model: setup.openai.model, beta: setup.openai.beta, sessionUpdate: setup.openai.sessionUpdate, apiKey, label: setup.label, allowedTools: setup.allowedTools, requireApproval: setup.requireApproval, ...approve('realtime') },
      claude: { baseUrl: setup.anthropic.baseUrl, model: setup.anthropic.model, beta: setup.anthropic.beta, apiKey: anthropicKey, label: setup.label, allowedTools: setup.allowedTools },
    },
  };
}


/** A meta envelope's own words for a lane's progress, when it has some. */
function stepDetail(envelope: Envelope): string | undefined {
  if (envelope.layer !== 'meta') return undefined;
  try {
    const meta = JSON.parse(envelope.raw) as Record<string, unknown>;
    const detail = typeof meta.detail === 'string' ? meta.detail : undefined;
    const step = typeof meta.step === 'string' ? meta.step : typeof meta.name === 'string' ? meta.name : undefined;
    if (detail) return step ? `${step}: ${detail}` : detail;
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a probe into a live session: every lane concurrently, every frame journaled to disk as it
 * is recorded (so a crash keeps the capture) and shown in the UI as it arrives.
 */
export async function startProbeSession(options: ProbeSessionOptions): Promise<RunningProbe> {
  const { setup } = options;
  await mkdir(options.capturesDir, { recursive: true });
  const file = runCaptureFile(options.capturesDir, setup.label ?? setup.server.replace(/^\w+:\/\//, ''));
  const chosen = probeLanes.filter((lane) => setup.lanes.includes(lane.id));
  const probeOptions: ProbeOptions = { ...probeOptionsFrom(setup, options.apiKey, options.approverFor, options.anthropicKey ?? null), ...options.extra };
  const header = {
    app: { name: 'MCP Parallax', version: APP_VERSION },
    createdAt: new Date().toISOString(),
    lanes: chosen.map((lane) => lane.config(probeOptions)),
    emulated: options.emulated,
    ...(options.asked ? { asked: boundedAsked(options.asked) } : {}),
  };
  const controller = new AbortController();
  // Set once the session exists; the journal only reports failures of writes after its header.
  let journalFailed: (error: Error) => void = () => undefined;
  const journal = await CaptureJournal.create(file, header, { onError: (error) => journalFailed(error), maxFileBytes: resolveLimits(setup.limits).captureBytes });
  const session = new Session({ source: 'live', title: `Probe of ${setup.label ?? setup.server}`, path: file, lanes: setup.lanes, emulated: options.emulated, journal });
  session.header = { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header };
  // A write that fails stops the lanes (the run can no longer be kept) and is shown on screen; the app goes on.
  journalFailed = (error) => {
    session.recordingFailed(error);
    controller.abort(error);
  };
  const missing = setup.lanes.filter((id) => !chosen.some((lane) => lane.id === id));
  for (const lane of missing) session.setLane({ lane, status: 'skipped', detail: `this build has no ${lane} lane`, toolCount: null });

  // The session's journal numbers each envelope; the session shows that same envelope.
  const recorder = session.sink();
  const sink: CaptureSink = {
    record(input) {
      const envelope = recorder.record(input);
      const detail = stepDetail(envelope);
      if (detail) session.setLane({ lane: envelope.lane, status: 'running', detail, toolCount: null });
      return envelope;
    },
  };
  const tracked = chosen.map((lane) => ({
    ...lane,
    run: async (...args: Parameters<typeof lane.run>) => {
      session.setLane({ lane: lane.id, status: 'running', detail: 'starting', toolCount: null });
      const run = await lane.run(...args);
      session.setLane(laneState(lane.id, run.summary));
      return run;
    },
  }));
  const done = (async () => {
    try {
      const outcome = await runProbe(tracked, probeOptions, sink, controller.signal);
      for (const [lane, run] of Object.entries(outcome.runs) as [LaneId, NonNullable<ProbeOutcome['runs'][LaneId]>][]) {
        session.setLane(laneState(lane, run.summary));
      }
      return outcome;
    } finally {
      // The journal stays open for proxies still recording into this session; disposing the session closes it.
      await session.flush();
    }
  })();
  return { session, done, stop: () => controller.abort(new Error('stopped by the user')), flush: () => session.flush() };
}
