import { runCaptureFile } from './run-capture-name';
import { compareRequestHandlers } from './compare-requests';
import type { AppInfo } from '../../shared/ipc/contract';
import { resolveLimits } from '../../shared/capture/limits';
import { createDispatcher, EventHub, type Dispatch, type Handlers } from './dispatch';
import { defaultDataDir } from './app-data';
import path from 'node:path';
import { startDemo, type RunningDemo } from '../emulator/demo';
import { demoServer } from '../../shared/lanes/demo-servers';
import { sessionFromCapture } from './capture-session';
import { startProbeSession, type RunningProbe } from './probe-session';
import { mkdir } from 'node:fs/promises';
import { CAPTURE_FORMAT, CAPTURE_VERSION } from '../../shared/capture/envelope';
import { CaptureJournal } from '../capture/journal';
import { readSideBodyPage } from '../capture/side-body-page';
import { ProxyManager } from '../proxy/proxy-manager';
import { SessionDiagnosis } from './session-diagnosis';
import { saveCaptureCopy } from './save-capture';
import { chooseDestination, exportsDir, fileSafeName } from './save-destination';
import { readAppSettings } from './app-settings';
import { RecentCaptures } from './recent-captures';
import { Session } from './session';
import { createSecretStore, type SecretStore } from './secrets';
import type { KeyProvider } from '../../shared/ipc/contract';
import { ApprovalBroker } from './approvals';
import { bundleRequestHandlers } from './bundle-requests';
import { callRequestHandlers } from './call-requests';
import { consoleRequestHandlers } from './console-requests';
import { UserQuestionBroker } from './user-questions';
import type { ProbeSetup } from '../../shared/lanes/probe-setup';
import type { ProbeSessionOptions } from './probe-session';

export interface EngineOptions {
  /** Where recent captures and live journals are kept; the platform default when absent. */
  dataDir?: string;
  host: AppInfo['host'];
  appVersion: string;
  /** Native dialogs, when the host has them (Electron); the engine itself never imports Electron. */
  dialogs?: HostDialogs;
  /** Electron and Chromium versions when the engine runs inside Electron's main process. */
  electronVersions?: { electron: string; chrome: string };
  /** Where the OpenAI key lives (Electron: safeStorage); by default OPENAI_API_KEY plus a key entered this run. */
  secrets?: SecretStore;
  /** The same for the Claude lane's Anthropic key; by default ANTHROPIC_API_KEY plus a key entered this run. */
  anthropicSecrets?: SecretStore;
  /** How long a server's elicitation or sampling request waits for the user (QUESTION_TIMEOUT_MS by default). */
  questionTimeoutMs?: number;
}

export interface HostDialogs {
  chooseCaptureToOpen(): Promise<string | null>;
  chooseSavePath(defaultName: string, kind: 'capture' | 'bundle' | 'har'): Promise<string | null>;
}

export interface Engine {
  readonly dispatch: Dispatch;
  readonly events: EventHub;
  /** The session the UI shows; replacing it tells the UI. */
  session(): Session;
  setSession(session: Session): void;
  dispose(): Promise<void>;
}

/** How often the UI hears that a live session grew: often enough to follow, rare enough not to flood. */
const APPEND_NOTICE_MS = 50;

/** The engine behind the UI. It never imports Electron, so tests, the CLI and the browser host run it under plain Node. */
export function createEngine(options: EngineOptions): Engine {
  const events = new EventHub();
  const startedAt = Date.now();
  let served = 0;
  let current = new Session({ source: 'none', title: 'No session' });
  let appendTimer: NodeJS.Timeout | undefined;
  const dataDir = options.dataDir ?? defaultDataDir();
  const recent = new RecentCaptures(dataDir);
  let probe: RunningProbe | undefined;
  const secrets = options.secrets ?? createSecretStore(process.env);
  const anthropicSecrets = options.anthropicSecrets ?? createSecretStore(process.env, undefined, 'anthropic');
  const storeFor = (provider: KeyProvider) => (provider === 'anthropic' ? anthropicSecrets : secrets);
  const approvals = new ApprovalBroker((request) => events.emit('approvalRequested', request));
  const questions = new UserQuestionBroker({
    elicitation: (request) => events.emit('elicitationRequested', request),
    sampling: (request) => events.emit('samplingRequested', request),
    ended: (event) => events.emit('questionEnded', event),
  }, options.questionTimeoutMs === undefined ? {} : { timeoutMs: options.questionTimeoutMs });
  /** The last probe's setup as the user ran it: the Call pane calls against the same server. Stays in the engine (it may hold a token). */
  let lastSetup: ProbeSetup | undefined;
  const diagnosis = new SessionDiagnosis();
  let demo: Promise<RunningDemo> | undefined;
  const demoIfRunning = async () => (demo ? demo.catch(() => undefined) : undefined);
  // Proxies record into the live session on screen (a new one when started over a loaded capture);
  // while a capture is open they keep feeding the last live session, never the replay.
  let proxySession: Session | undefined;
  // The app's proxies follow the settings file's limits; Setup's fold belongs to one probe.
  const settingsLimits = async () => {
    const settings = await readAppSettings(dataDir);
    if (settings.error) throw new Error(`${settings.error}. Fix or remove it, then start the proxy again.`);
    return resolveLimits(settings.limits);
  };
  const proxies = new ProxyManager(() => {
    if (current.source === 'live') proxySession = current;
    return (proxySession ?? current).sink();
  }, settingsLimits);
  const liveForProxies = async () => {
    if (current.source !== 'live') {
      const file = runCaptureFile(path.join(dataDir, 'captures'), 'proxies');
      await mkdir(path.dirname(file), { recursive: true });
      const header = { app: { name: 'MCP Parallax', version: options.appVersion }, createdAt: new Date().toISOString(), lanes: [] };
      let journalFailed: (error: Error) => void = () => undefined;
      const journal = await CaptureJournal.create(file, header, { onError: (error) => journalFailed(error), maxFileBytes: (await settingsLimits()).captureBytes });
      const session = new Session({ source: 'live', title: 'Recording proxies', path: file, journal });
      // Proxies keep forwarding when the capture cannot be written (their clients depend on them); the screen says recording stopped.
      journalFailed = (error) => session.recordingFailed(error);
      session.header = { format: CAPTURE_FORMAT, version: CAPTURE_VERSION, ...header };
      engine.setSession(session);
    }
    proxySession = current;
  };

  const watch = (session: Session) => {
    session.onChange = (s) => { if (s === current) events.emit('sessionChanged', s.info()); };
    session.onAppend = (s) => {
      if (s !== current || appendTimer) return;
      appendTimer = setTimeout(() => {
        appendTimer = undefined;
        events.emit('framesAppended', { sessionId: current.id, total: current.store.total });
      }, APPEND_NOTICE_MS);
    };
  };
  const openCaptureAt = async (path: string) => {
    const session = await sessionFromCapture(path, (loading) => { if (loading.loading) events.emit('sessionChanged', loading.info()); });
    engine.setSession(session);
    await recent.add({ path, openedAt: Date.now(), title: session.title }).catch(() => undefined);
    return session.info();
  };
  const sessionById = (id: string) => {
    if (id !== current.id) throw new Error(`Session ${id} is no longer open; the UI should reload the current one.`);
    return current;
  };

  /** Starts the lanes as a new live session on screen; a run still going is stopped first. */
  const launch = async (requested: ProbeSetup, extra: NonNullable<ProbeSessionOptions['extra']>, asked?: ProbeSessionOptions['asked']) => {
    const settings = await readAppSettings(dataDir);
    if (settings.error) throw new Error(`${settings.error}. Fix or remove it, then start the probe again.`);
    // The settings file sets defaults; what Setup says for this run wins.
    const limits = { ...settings.limits, ...requested.limits };
    const setup: ProbeSetup = Object.keys(limits).length > 0 ? { ...requested, limits } : requested;
    probe?.stop();
    approvals.denyAll();
    questions.cancelAll();
    const running = await demoIfRunning();
    const againstDemo = running !== undefined && setup.openai.baseUrl === running.openaiBaseUrl;
    const claudeAgainstDemo = running !== undefined && setup.anthropic.baseUrl === running.emulator.anthropicBaseUrl;
    // The user's real keys never go to the local emulator; it gets the demo's own.
    const apiKey = againstDemo ? running.apiKey : await secrets.getApiKey();
    const anthropicKey = claudeAgainstDemo ? running.apiKey : setup.lanes.includes('claude') ? await anthropicSecrets.getApiKey() : null;
    const started = await startProbeSession({ setup, capturesDir: path.join(dataDir, 'captures'), apiKey, anthropicKey, emulated: againstDemo, approverFor: (lane) => approvals.deciderFor(lane), extra, ...(asked ? { asked } : {}) });
    probe = started;
    engine.setSession(started.session);
    started.done.then(
      (outcome) => events.emit('engineLog', { level: 'info', message: `probe finished: ${Object.entries(outcome.report.lanes).map(([lane, s]) => `${lane} ${s.status} (${s.tools.length} tools)`).join(', ')}`, t: Date.now() }),
      (error: unknown) => events.emit('engineLog', { level: 'error', message: `probe failed: ${error instanceof Error ? error.message : String(error)}`, t: Date.now() }),
    );
    return started;
  };

  /** A probe as Setup starts it; its setup is kept for the Call pane and the Console's Restart. */
  const probeWith = async (setup: ProbeSetup) => {
    lastSetup = setup;
    const started = await launch(setup, { answers: (lane) => questions.answersFor(lane) });
    return started.session.info();
  };

  const handlers: Handlers = {
    getAppInfo: () => ({
      name: 'MCP Parallax',
      version: options.appVersion,
      host: options.host,
      platform: process.platform,
      arch: process.arch,
      pid: process.pid,
      versions: {
        node: process.versions.node,
        electron: options.electronVersions?.electron ?? null,
        chrome: options.electronVersions?.chrome ?? null,
      },
      startedAt,
      nativeDialogs: options.dialogs !== undefined,
    }),
    ping: ({ text }) => ({ text, receivedAt: Date.now(), served }),
    getSession: () => current.info(),
    getFrames: async ({ sessionId, start, count, filter, limit }) => {
      const session = sessionById(sessionId);
      const page = await session.store.page(filter, start, count, limit);
      return { sessionId, matched: page.matched, total: session.store.total, start, rows: page.rows, filterErrors: page.errors };
    },
    getEnvelope: async ({ sessionId, seq }) => {
      const session = sessionById(sessionId);
      const envelope = await session.envelope(seq);
      const summary = session.store.row(seq);
      if (!envelope || !summary) throw new Error(`No frame #${seq} in this session`);
      return { envelope, summary, exchangeSeqs: session.store.exchange(summary.exchange) };
    },
    readSideBody: async ({ sessionId, seq, offset }) => {
      const session = sessionById(sessionId);
      const envelope = await session.envelope(seq);
      const file = envelope?.clip?.file;
      if (!envelope?.clip || file === undefined) throw new Error(`Frame #${seq} has no side file`);
      if (!session.path) throw new Error('This session has no capture file, so no side files beside it');
      return readSideBodyPage(session.path, { ...envelope.clip, file }, offset);
    },
    openCapture: ({ path }) => openCaptureAt(path),
    openCaptureDialog: async () => {
      if (!options.dialogs) throw new Error('This host has no file dialogs; enter a path or drop the file on the window.');
      const path = await options.dialogs.chooseCaptureToOpen();
      return path ? openCaptureAt(path) : null;
    },
    startProbe: ({ setup }) => probeWith(setup),
    stopProbe: () => {
      const had = probe !== undefined;
      probe?.stop();
      approvals.denyAll();
      questions.cancelAll();
      return { stopped: had };
    },
    startDemo: async ({ server: id }) => {
      demo ??= startDemo();
      const running = await demo.catch((error: unknown) => {
        demo = undefined;
        throw error;
      });
      const choice = demoServer(id ?? 'seed');
      const url = choice.id === 'seed' ? running.mcpServerUrl : (await running.serverFor(choice.id)).url;
      return {
        setup: {
          server: url,
          transport: 'auto', protocol: choice.protocol,
          ...(choice.compareProtocol ? { compareProtocol: choice.compareProtocol } : {}),
          label: choice.id === 'seed' ? running.serverLabel : choice.id,
          headers: [],
          capabilities: 'none',
          roots: [],
          lanes: choice.compareProtocol ? ['inspector', 'era', 'playground', 'realtime', 'claude'] : ['inspector', 'playground', 'realtime', 'claude'],
          openai: { baseUrl: running.openaiBaseUrl, realtimeUrl: running.realtimeUrl, beta: false, ...(choice.id === 'seed' && running.sessionUpdate ? { sessionUpdate: running.sessionUpdate } : {}) },
          anthropic: { baseUrl: running.emulator.anthropicBaseUrl },
          approval: 'auto',
        },
      };
    },
    getDiagnosis: ({ sessionId }) => diagnosis.report(sessionById(sessionId)),
    saveCapture: async ({ path: requested }) => {
      const session = current;
      if (!session.path) throw new Error('There is no capture to save yet: run a probe or open a capture first.');
      await session.flush();
      const target = await chooseDestination(requested, `${fileSafeName(session.title)}.parallax`, 'capture', ['.parallax', '.parallax.gz', '.gz'], { dialogs: options.dialogs, dataDir });
      if (!target) return null;
      const saved = await saveCaptureCopy(session.path, target);
      const inExports = path.dirname(saved.path) === exportsDir(dataDir);
      return { ...saved, download: !options.dialogs && inExports ? path.basename(saved.path) : null };
    },
    getAppSettings: () => readAppSettings(dataDir),
    getRecentCaptures: async () => ({ captures: await recent.list() }),
    indexOfSeq: async ({ sessionId, seq, filter, limit }) => ({ index: await sessionById(sessionId).store.indexOf(filter, seq, limit) }),
    getFrameTimes: ({ sessionId, start, count }) => {
      const store = sessionById(sessionId).store;
      return { start, t: store.times(start, count), total: store.total };
    },
    getKeyStatus: async ({ provider }) => ({ status: await storeFor(provider).status() }),
    setApiKey: async ({ key, provider }) => {
      await storeFor(provider).setApiKey(key);
      return { status: await storeFor(provider).status() };
    },
    clearApiKey: async ({ provider }) => {
      await storeFor(provider).clearApiKey();
      return { status: await storeFor(provider).status() };
    },
    answerApproval: ({ id, approve }) => ({ answered: approvals.answer(id, approve) }),
    ...bundleRequestHandlers({ session: () => current, dataDir, secrets, ...(options.dialogs ? { dialogs: options.dialogs } : {}) }),
    startProxy: async (request) => {
      await liveForProxies();
      const info = await proxies.start(request);
      current.setLane({ lane: info.lane, status: 'running', detail: `recording at ${info.address}`, toolCount: null });
      return info;
    },
    stopProxy: async ({ id }) => {
      const stopped = await proxies.stop(id);
      if (proxies.list().length === 0 && proxySession && proxySession !== current) {
        await proxySession.dispose();
        proxySession = undefined;
      }
      return { stopped };
    },
    listProxies: () => ({ proxies: proxies.list() }),
    ...callRequestHandlers({ lastSetup: () => lastSetup, launch, questions, connectionChanged: (state) => events.emit('connectionChanged', state) }),
    ...compareRequestHandlers({ capturesDir: path.join(dataDir, 'captures'), recent }),
    ...consoleRequestHandlers({
      session: sessionById,
      // Only a run this engine started can be run again: a capture opened from a file keeps no setup (its secrets were never written).
      canRestart: (session) => lastSetup !== undefined && session.source === 'live' && probe?.session === session,
      restart: () => {
        if (!lastSetup) throw new Error('There is no probe to restart: run one from Setup first.');
        return probeWith(lastSetup);
      },
    }),
  };

  watch(current);
  const dispatch = createDispatcher(handlers, (name, error) => {
    events.emit('engineLog', { level: 'error', message: `${name} failed: ${error instanceof Error ? error.message : String(error)}`, t: Date.now() });
  });

  const engine: Engine = {
    dispatch: async (name, payload) => {
      served += 1;
      return dispatch(name, payload);
    },
    events,
    session: () => current,
    setSession(session) {
      const previous = current;
      previous.onChange = undefined;
      previous.onAppend = undefined;
      // A live session that recording proxies still feed stays open until they stop.
      if (previous !== proxySession || proxies.list().length === 0) void previous.dispose().catch(() => undefined);
      current = session;
      watch(session);
      events.emit('sessionChanged', session.info());
    },
    async dispose() {
      clearTimeout(appendTimer);
      probe?.stop();
      questions.cancelAll();
      await probe?.done.catch(() => undefined);
      await proxies.stopAll();
      if (proxySession && proxySession !== current) await proxySession.dispose();
      await current.dispose();
      const running = await demoIfRunning();
      await running?.close();
    },
  };
  return engine;
}
