import type { Envelope } from '../capture/envelope';
import { summarizeEnvelope } from '../frames/summary';
import type { ConsoleLine, ProcessExit, ProcessRun } from '../ipc/console';
import { exitWords, isAlarming, processEventWords } from './process-words';

/**
 * Which frames the Console shows, as a timeline filter (shared/frames/filter.ts), so the engine
 * pages them from the same index the timeline reads: stderr, and the transport's meta events, on
 * every stdio connection (the Inspector's `inspector:stdio`, the era lane's, the stdio shim's).
 */
export const CONSOLE_FILTER = 'conn:stdio layer:stderr layer:meta';
/** The process starts, exits and failed starts among them (their labels begin `process-`). */
export const PROCESS_FILTER = 'conn:stdio layer:meta method:process-';

/** A console line shows this much of a frame; the frame inspector has the rest. */
export const CONSOLE_LINE_CHARS = 2000;

function metaOf(envelope: Envelope): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(envelope.raw);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : {};
  } catch {
    return {};
  }
}

/** One Console line for a frame the CONSOLE_FILTER kept. */
export function consoleLineOf(envelope: Envelope): ConsoleLine {
  const base = { seq: envelope.seq, t: envelope.t, lane: envelope.lane, conn: envelope.conn };
  if (envelope.layer === 'stderr') {
    const line = envelope.raw.replace(/\r?\n$/, '');
    return { ...base, kind: 'stderr', text: line.slice(0, CONSOLE_LINE_CHARS), cut: Math.max(0, line.length - CONSOLE_LINE_CHARS), incomplete: envelope.incomplete === true || envelope.truncated === true, alert: false };
  }
  const meta = metaOf(envelope);
  const words = processEventWords(meta) ?? summarizeEnvelope(envelope).label;
  return { ...base, kind: 'event', text: words.slice(0, CONSOLE_LINE_CHARS), cut: Math.max(0, words.length - CONSOLE_LINE_CHARS), incomplete: false, alert: isAlarming(meta) };
}

const SIGNAL_OR_NULL = (value: unknown) => (typeof value === 'string' ? value : null);
const AFTER = new Set(['close-stdin', 'sigterm', 'sigkill']);

/** Each process of the session from its `process-*` metas (PROCESS_FILTER's frames, in capture order). */
export function processRunsOf(envelopes: readonly Envelope[]): ProcessRun[] {
  const runs: ProcessRun[] = [];
  // A connection runs one process; its exit or failure belongs to the last one started on it.
  const open = new Map<string, ProcessRun>();
  for (const envelope of envelopes) {
    const meta = metaOf(envelope);
    const key = `${envelope.lane}\u0000${envelope.conn}`;
    if (meta.kind === 'process-started') {
      const args = Array.isArray(meta.args) ? meta.args.filter((a): a is string => typeof a === 'string') : [];
      const run: ProcessRun = { lane: envelope.lane, conn: envelope.conn, seq: envelope.seq, t: envelope.t, pid: typeof meta.pid === 'number' ? meta.pid : null, command: [typeof meta.command === 'string' ? meta.command : '?', ...args].join(' '), exit: null };
      runs.push(run);
      open.set(key, run);
    } else if (meta.kind === 'process-exit') {
      const run = open.get(key);
      if (!run) continue;
      const exit: ProcessExit = { seq: envelope.seq, t: envelope.t, code: typeof meta.code === 'number' ? meta.code : null, signal: SIGNAL_OR_NULL(meta.signal), words: exitWords(meta) };
      if (meta.by === 'parallax' || meta.by === 'itself') exit.by = meta.by;
      if (typeof meta.after === 'string' && AFTER.has(meta.after)) exit.after = meta.after as NonNullable<ProcessExit['after']>;
      run.exit = exit;
      open.delete(key);
    } else if (meta.kind === 'process-error') {
      // A command that never started has no process-started before its error.
      const message = typeof meta.message === 'string' ? meta.message : 'could not start';
      const run = open.get(key);
      if (run) run.error = message;
      else runs.push({ lane: envelope.lane, conn: envelope.conn, seq: envelope.seq, t: envelope.t, pid: null, command: '', exit: null, error: message });
    }
  }
  return runs;
}
