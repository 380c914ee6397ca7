import type { CaptureSink, LaneConfigRecord, LaneId } from '../../shared/capture/envelope';
import type { Limits } from '../../shared/capture/limits';
import type { CapabilityProfile, LaneRequest, McpClientLaneId, TransportRequest } from '../../shared/lanes/inspector-result';
import type { UserAnswers } from '../lanes/inspector/client-capabilities';
import type { ProtocolRequest } from '../../shared/lanes/protocol-revision';
import type { LaneSummary } from '../../shared/lanes/probe-report';
import type { z } from 'zod';
import type { OpenConnection } from '../lanes/inspector/open-connection';

/**
 * What `parallax probe` was asked, shared by every lane. Lanes read the fields they need;
 * a lane with its own settings (the OpenAI lanes' base URL, model, ...) reads them from `lane`.
 */
export interface ProbeOptions {
  /** `http(s)://...` or `stdio:<command line>`, as given. */
  server: string;
  transport: TransportRequest;
  /** The MCP revision the Inspector lane speaks (auto, legacy or a revision); default legacy. */
  protocol?: ProtocolRequest;
  /** The revision the `era` lane speaks: the same client again, so two eras of one server show side by side. */
  compareProtocol?: ProtocolRequest;
  /** "K: V" headers in the order given. May contain credentials: never echo them. */
  headers: [string, string][];
  bearerToken?: string;
  capabilities: CapabilityProfile;
  /** For a stdio server: working directory and extra environment. */
  cwd?: string;
  env?: Record<string, string>;
  call?: { name: string; arguments: Record<string, unknown> };
  /** MCP requests the Inspector lane sends after listing (`parallax read`, `parallax prompt`). */
  requests?: LaneRequest[];
  /** Whether the Inspector lane lists tools (default true). */
  listTools?: boolean;
  /** The Inspector lane stays connected after listing and sends what the user asks on it (the Call pane's open connection). */
  connection?: OpenConnection;
  requestTimeoutMs?: number;
  /** The named limits (`--limit`); default DEFAULT_LIMITS. */
  limits?: Limits;
  /** `--keep-whole-bodies`: bodies past frame-bytes also go whole to side files (read by recordRun, which owns the capture). */
  keepWholeBodies?: boolean;
  /** Who answers a server's elicitation and sampling requests in each MCP client lane (declined or refused without it). */
  answers?: (lane: McpClientLaneId) => UserAnswers;
  /** What the MCP client lanes answer to `roots/list` (capabilities "all"). */
  roots?: { uri: string; name?: string }[];
  /** Lane-specific settings by lane id, for lanes that need more than the above. */
  lane?: Partial<Record<LaneId, Record<string, unknown>>>;
}

export interface LaneRun {
  summary: LaneSummary;
  /** The lane's full result (InspectorResult for the inspector), for the UI and the diagnosis. */
  detail?: unknown;
  /** Human-readable lines for the CLI's plain output. */
  lines?: string[];
}

/** One point of view `probe` can run. Lanes run concurrently into one capture sink. */
export interface ProbeLane {
  id: LaneId;
  /** Why this lane cannot run with these options (it is then reported as skipped), or undefined. */
  skipReason?(options: ProbeOptions): string | undefined;
  /** The lane's configuration for the capture header, with secrets removed. */
  config(options: ProbeOptions): z.infer<typeof LaneConfigRecord>;
  run(options: ProbeOptions, sink: CaptureSink, signal: AbortSignal): Promise<LaneRun>;
}
