import { z } from 'zod';
import { AskedRecord, ImportOrigin, LaneId } from '../capture/envelope';

export const LaneState = z.object({
  lane: LaneId,
  /** idle, running, ok, failed, skipped: the lane's outcome so far. */
  status: z.enum(['idle', 'running', 'ok', 'failed', 'skipped']),
  /** The current step in the user's terms, e.g. "listed 10 tools" or "mcp_list_tools.failed". */
  detail: z.string(),
  toolCount: z.number().int().nullable(),
});
export type LaneState = z.infer<typeof LaneState>;

export const SessionInfo = z.object({
  id: z.string(),
  source: z.enum(['none', 'live', 'capture']),
  title: z.string(),
  /** The capture file this session reads from or journals to. */
  path: z.string().nullable(),
  total: z.number().int().nonnegative(),
  /** The lanes present in this session, in display order. */
  lanes: z.array(LaneState),
  /** Traffic came from the local OpenAI emulator, not OpenAI's servers. */
  emulated: z.boolean(),
  loading: z.object({ bytesRead: z.number(), totalBytes: z.number().nullable() }).nullable(),
  /** What a damaged capture lost, line by line, so nothing is skipped silently. */
  problems: z.array(z.string()),
  /** A live session's capture could not be written (disk full, I/O error): why, naming the file. Frames before it are in the file. */
  recordingError: z.string().optional(),
  /** The file was a HAR or JSON-RPC log converted on open: where from, and what the import left out or guessed. */
  imported: ImportOrigin.optional(),
  /** The session holds a stdio server's traffic (its process, stdout or stderr): the UI offers its Console. */
  stdio: z.boolean().optional(),
  /** The session ran one call, read or get from the Call pane (or a capture of one was opened): what was asked, to run again. */
  asked: AskedRecord.optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;
