import { z } from 'zod';
import { LaneId } from '../capture/envelope';
import { SessionInfo } from './session-info';

/**
 * The Console tab of a stdio server: its stderr and process events as they were recorded (the
 * same frames the timeline shows, read from the session's capture), who ended the process and
 * how, and a Restart that runs the last probe again. Shapes are read by shared/console/console-frames.ts.
 */

export const ConsoleLine = z.object({
  seq: z.number().int(),
  t: z.number(),
  lane: LaneId,
  conn: z.string(),
  /** `stderr`: a line the server wrote; `event`: what the transport recorded about the process (started, exit, shutdown step, invalid stdout line). */
  kind: z.enum(['stderr', 'event']),
  /** The line (less its newline) or the event in words, cut to CONSOLE_LINE_CHARS. */
  text: z.string(),
  /** Characters of the line left out of `text` (the frame inspector shows it whole). */
  cut: z.number().int().nonnegative(),
  /** The server exited in the middle of this line, or the line was too long to keep. */
  incomplete: z.boolean(),
  /** An exit on its own, a failed start, a stdout line that is not JSON-RPC: worth the user's eye. */
  alert: z.boolean(),
});
export type ConsoleLine = z.infer<typeof ConsoleLine>;

export const ProcessExit = z.object({
  seq: z.number().int(),
  t: z.number(),
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  /** `parallax`: it ended during Parallax's shutdown (`after` names the step); `itself`: on its own. Absent in captures written before it was recorded. */
  by: z.enum(['parallax', 'itself']).optional(),
  after: z.enum(['close-stdin', 'sigterm', 'sigkill']).optional(),
  /** The exit in words, e.g. "exited with code 3 on its own". */
  words: z.string(),
});
export type ProcessExit = z.infer<typeof ProcessExit>;

/** One process the session started (one per stdio connection). */
export const ProcessRun = z.object({
  lane: LaneId,
  conn: z.string(),
  seq: z.number().int(),
  t: z.number(),
  pid: z.number().int().nullable(),
  /** The command line, secrets in its arguments already redacted by the transport. */
  command: z.string(),
  exit: ProcessExit.nullable(),
  /** It could not be started (a missing command or working directory). */
  error: z.string().optional(),
});
export type ProcessRun = z.infer<typeof ProcessRun>;

export const ConsoleRequest = z.object({
  sessionId: z.string(),
  /** Index into the console's lines, not a seq. */
  start: z.number().int().nonnegative(),
  count: z.number().int().positive().max(1000),
  /** Replay: only the session's first `limit` frames have been played. */
  limit: z.number().int().nonnegative().optional(),
}).strict();

export const ConsoleResponse = z.object({
  sessionId: z.string(),
  start: z.number().int(),
  /** Console lines in the whole session (or the played part of it). */
  matched: z.number().int().nonnegative(),
  lines: z.array(ConsoleLine),
  processes: z.array(ProcessRun),
  /** The engine holds the setup of the probe on screen, so Restart can run it again. */
  canRestart: z.boolean(),
});
export type ConsoleResponse = z.infer<typeof ConsoleResponse>;

export const consoleRequests = {
  /** A page of the Console tab: stderr lines and process events of the session's stdio servers, and each process's start and exit. */
  getConsole: { request: ConsoleRequest, response: ConsoleResponse },
  /** Runs the probe on screen again with the same setup (held in the engine: it may hold a token), as a new live session. */
  restartProbe: { request: z.object({}).strict(), response: SessionInfo },
} as const;
