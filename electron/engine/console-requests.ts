import type { z } from 'zod';
import { CONSOLE_FILTER, consoleLineOf, PROCESS_FILTER, processRunsOf } from '../../shared/console/console-frames';
import type { Envelope } from '../../shared/capture/envelope';
import type { consoleRequests } from '../../shared/ipc/console';
import type { SessionInfo } from '../../shared/ipc/contract';
import type { Session } from './session';

type Req<K extends keyof typeof consoleRequests> = z.output<(typeof consoleRequests)[K]['request']>;
type Res<K extends keyof typeof consoleRequests> = z.output<(typeof consoleRequests)[K]['response']>;
type ConsoleHandlers = { [K in keyof typeof consoleRequests]: (payload: Req<K>) => Promise<Res<K>> | Res<K> };

/** More processes than a probe starts (one a stdio lane); a session past it shows the first ones. */
const MAX_PROCESSES = 100;

export interface ConsoleRequestDeps {
  /** The session with this id, or an error when the UI asks about one no longer open. */
  session(id: string): Session;
  /** The session on screen was started by a probe whose setup the engine still holds. */
  canRestart(session: Session): boolean;
  /** Runs that probe again as a new live session (the startProbe path). */
  restart(): Promise<SessionInfo>;
}

/**
 * The Console tab's requests. Its lines are the session's own frames, paged through the frame
 * store's filtered views like the timeline's rows, with their payloads read back from the
 * capture (memory, journal or file), so a replayed capture shows what the live run showed.
 */
export function consoleRequestHandlers(deps: ConsoleRequestDeps): ConsoleHandlers {
  const envelopesOf = async (session: Session, seqs: number[]): Promise<Envelope[]> =>
    (await session.envelopes(seqs)).filter((e): e is Envelope => e !== undefined);
  return {
    getConsole: async ({ sessionId, start, count, limit }) => {
      const session = deps.session(sessionId);
      const page = await session.store.page(CONSOLE_FILTER, start, count, limit);
      const processes = await session.store.page(PROCESS_FILTER, 0, MAX_PROCESSES * 2, limit);
      const [lines, processFrames] = await Promise.all([
        envelopesOf(session, page.rows.map((r) => r.seq)),
        envelopesOf(session, processes.rows.map((r) => r.seq)),
      ]);
      return {
        sessionId,
        start,
        matched: page.matched,
        lines: lines.map(consoleLineOf),
        processes: processRunsOf(processFrames).slice(0, MAX_PROCESSES),
        canRestart: deps.canRestart(session),
      };
    },
    restartProbe: () => deps.restart(),
  };
}
