import type { AskedRecord, LaneId } from '../../../shared/capture/envelope';
import type { CallToolResponse, McpRequestsResponse } from '../../../shared/ipc/calls';
import type { SessionInfo } from '../../../shared/ipc/contract';
import type { DiagnosisReport } from '../../../shared/ipc/diagnosis-report';

/** One call, read or get in the Call pane's history: what was asked, where it ran, how each lane fared. */
export interface HistoryEntry {
  /** The session the run was recorded into (or the loaded capture's session). */
  sessionId: string;
  /** When it was started (or, for an opened capture, when the capture was made). */
  at: number;
  asked: AskedRecord;
  capturePath: string | null;
  lanes: { lane: LaneId; status: string }[];
  /** `run`: made in this app run; `capture`: read from a capture that was opened. */
  origin: 'run' | 'capture';
}

export interface CallHistory {
  /** Newest first. */
  entries: HistoryEntry[];
  /** How many older entries fell off the end. */
  dropped: number;
}

/** The list keeps the last this many; older ones are dropped with a note (their captures stay on disk). */
export const HISTORY_LIMIT = 200;

export const emptyHistory: CallHistory = { entries: [], dropped: 0 };

/**
 * Puts an entry on top. A capture already listed (opened again, or opened from its own entry)
 * is not listed twice: its first entry, with this app run's statuses, stays.
 */
export function addToHistory(history: CallHistory, entry: HistoryEntry, limit = HISTORY_LIMIT): CallHistory {
  const known = history.entries.some((e) => e.sessionId === entry.sessionId || (entry.capturePath !== null && e.capturePath === entry.capturePath));
  if (known) return history;
  const entries = [entry, ...history.entries];
  const over = Math.max(0, entries.length - limit);
  return { entries: over > 0 ? entries.slice(0, limit) : entries, dropped: history.dropped + over };
}

/** A tool call's entry: each lane's outcome as the results show it. */
export function callEntry(at: number, asked: AskedRecord, report: CallToolResponse): HistoryEntry {
  return { sessionId: report.sessionId, at, asked, capturePath: report.capturePath, lanes: report.lanes.map((l) => ({ lane: l.lane, status: l.outcome })), origin: 'run' };
}

/** A read or get: the Inspector lane's status, `error` when the server answered one of the requests with an error. */
export function requestsEntry(at: number, asked: AskedRecord, answer: McpRequestsResponse): HistoryEntry {
  const status = answer.status === 'ok' && answer.outcomes.some((o) => o.error !== undefined) ? 'error' : answer.status;
  return { sessionId: answer.sessionId, at, asked, capturePath: answer.capturePath, lanes: [{ lane: 'inspector', status }], origin: 'run' };
}

/** An opened capture's record of what was asked: each lane's status as the diagnosis read it from the frames. */
export function captureEntry(session: Pick<SessionInfo, 'id' | 'path' | 'asked'>, report: Pick<DiagnosisReport, 'lanes'>, at: number): HistoryEntry | null {
  if (!session.asked) return null;
  return { sessionId: session.id, at, asked: session.asked, capturePath: session.path, lanes: session.asked.lanes.map((lane) => ({ lane, status: report.lanes[lane]?.status ?? 'not recorded' })), origin: 'capture' };
}
