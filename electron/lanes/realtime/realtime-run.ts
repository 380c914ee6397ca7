import { randomBytes } from 'node:crypto';
import type { HostedError } from '../../../shared/lanes/hosted-lane-result';
import { RealtimeErrorEventSchema, type RealtimeServerEventLike } from '../../../shared/openai/realtime-events';
import type { WireRecorder } from '../inspector/wire-recorder';
import type { StepLog } from '../wire/step-log';
import type { NextEvent, ServerEventQueue } from './event-queue';
import type { RecordingRealtimeSocket } from './recording-socket';

export interface RealtimeTimeouts {
  /** The WebSocket upgrade. */
  handshakeMs: number;
  /** From the upgrade to `session.created`, and from `session.update` to its answer. */
  sessionMs: number;
  /** From `session.updated` until every MCP listing has finished. */
  listMs: number;
  /**
   * After `mcp_list_tools.completed`, how long `conversation.item.done` may take before the lane
   * asks with `conversation.item.retrieve` (the beta interface never sends it, so beta asks at once).
   */
  itemDoneGraceMs: number;
  /** The optional tool call, from `response.create` to `response.done`. */
  callMs: number;
  /** The close handshake, before the socket is dropped. */
  closeMs: number;
}

export const defaultRealtimeTimeouts: RealtimeTimeouts = {
  handshakeMs: 15_000,
  sessionMs: 15_000,
  listMs: 90_000,
  itemDoneGraceMs: 2_000,
  callMs: 120_000,
  closeMs: 5_000,
};

/** One open Realtime connection and what the lane's steps share. */
export interface RealtimeRun {
  socket: RecordingRealtimeSocket;
  queue: ServerEventQueue;
  recorder: WireRecorder;
  steps: StepLog;
  beta: boolean;
  timeouts: RealtimeTimeouts;
}

let eventCounter = 0;
/** Client event ids, so the API's `error.event_id` can be matched to what caused it. */
export function clientEventId(purpose: string): string {
  eventCounter += 1;
  return `evt_parallax_${purpose}_${Date.now().toString(36)}${eventCounter}`;
}

/** An item id made by the client: the openai types require one on an approval response; the API allows at most 32 characters. */
export function clientItemId(): string {
  return `item_px${randomBytes(10).toString('hex')}`;
}

export function sendEvent(run: RealtimeRun, event: Record<string, unknown>): number {
  return run.socket.send(JSON.stringify(event));
}

export type ApiError = { type: string; code?: string | null; message: string; param?: string | null; event_id?: string | null };

/** The `error` payload when the event is an `error` event. */
export function errorOf(event: RealtimeServerEventLike): ApiError | null {
  const parsed = RealtimeErrorEventSchema.safeParse(event);
  return parsed.success ? parsed.data.error : null;
}

export function describeApiError(error: ApiError): string {
  const code = [error.code, error.param].filter(Boolean).join(' ');
  return `${code ? `${code}: ` : ''}${error.message}`;
}

/** The lane error for a `next()` that brought no event. */
export function noEventError(next: Exclude<NextEvent, { kind: 'event' }>, waitingFor: string, timeoutMs: number): HostedError {
  switch (next.kind) {
    case 'timeout': return { code: 'timeout', message: `timed out after ${formatMs(timeoutMs)} waiting for ${waitingFor}`, evidence: [] };
    case 'aborted': return { code: 'aborted', message: `stopped while waiting for ${waitingFor}`, evidence: [] };
    case 'closed':
      if (next.limit !== undefined) return { code: 'limit-exceeded', message: `${next.limit}; the lane was waiting for ${waitingFor}`, evidence: [] };
      return { code: 'closed', message: `the server closed the WebSocket (code ${next.code}${next.reason ? `, "${next.reason}"` : ''}) while the lane waited for ${waitingFor}`, evidence: [] };
  }
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
