import type { KnownRevision } from '../../shared/lanes/protocol-revision';
import type { RealtimeInterfaceName } from '../../shared/openai/realtime-interfaces';
import type { FaultName } from './faults';

/**
 * Emulator behaviour. Steps the reference marks [guess] are switches here, so a capture of the
 * real API that disagrees can be matched without code changes.
 */
export interface EmulatorOptions {
  /** Talk to MCP servers on loopback/private addresses (the real API refuses them). Default true: fixtures live on 127.0.0.1. */
  allowPrivateNetwork: boolean;
  /** Faults active on every connection. */
  faults: FaultName[];
  /**
   * The Realtime interface: `ga` (today's API, the default) or `beta-2025`, the retired 2025
   * behaviour kept as a historical profile. A connection may pick its own with the
   * `parallax_realtime_interface` query parameter.
   */
  realtimeInterface: RealtimeInterfaceName;
  /**
   * [guess] The one MCP revision the emulated hosted client speaks (`--hosted-era`). OpenAI does
   * not document it; 2025-03-26, 2025-06-18 and 2025-11-25 have been reported in its initialize.
   * 2026-07-28 reproduces a hosted client that has moved to the sessionless revision.
   */
  hostedEra: KnownRevision;
  /** When set, only this key is accepted; otherwise any non-empty key is. */
  apiKey?: string;
  /** [guess] Realtime: announce the `mcp_list_tools` item (`tools: []`) before `mcp_list_tools.in_progress`. */
  announceListItemFirst: boolean;
  /** [guess] Realtime: after `mcp_list_tools.failed`, still send `conversation.item.done` with `tools: []`. */
  itemDoneAfterListFailure: boolean;
  /** [guess] Realtime: after `mcp_list_tools.failed`, send an `error` event with the connector's message. */
  errorEventAfterListFailure: boolean;
  /** [guess] Validate tools/list strictly (one bad tool fails the list). */
  strictToolValidation: boolean;
  /** [guess] Pages of tools/list followed before a cursor loop fails the list. */
  maxListPages: number;
  /** Tool calls longer than this fail (about 60 s reported). */
  callTimeoutMs: number;
  /** Upper bound on how long `slow-list` holds a listing when no response arrives. */
  slowListMs: number;
  /** Sees every Realtime WebSocket frame as the emulator receives or sends it (tests compare a client's capture with it). */
  frameLog?: (frame: EmulatorFrame) => void;
}

export interface EmulatorFrame {
  /** Numbers the Realtime connections of one emulator, from 1. */
  connection: number;
  dir: 'received' | 'sent';
  kind: 'text' | 'binary' | 'close';
  /** The text as on the wire; base64 for binary; the reason for close. */
  text: string;
  code?: number;
}

export const defaultEmulatorOptions: EmulatorOptions = {
  allowPrivateNetwork: true,
  faults: [],
  realtimeInterface: 'ga',
  hostedEra: '2025-06-18',
  announceListItemFirst: true,
  itemDoneAfterListFailure: true,
  errorEventAfterListFailure: true,
  strictToolValidation: true,
  maxListPages: 20,
  callTimeoutMs: 60_000,
  slowListMs: 10_000,
};
