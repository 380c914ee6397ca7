import type { Connection } from './connection';
import type { WireRecorder } from './wire-recorder';

/**
 * Fails the request in flight at once when its answer arrives but the SDK refuses the frame, or
 * when a limit cut the stream carrying it (it would otherwise time out).
 */
export interface RequestGuard {
  signal: AbortSignal;
  /**
   * Why the guard failed the request, when it did: the SDK reports any abort as a timeout whose
   * message is the reason's String() ("Error: ..."), so callers explain the failure with this instead.
   */
  readonly cause: Error | undefined;
  dispose(): void;
}

export function rejectionGuard(recorder: WireRecorder, outer: AbortSignal | undefined): RequestGuard {
  const controller = new AbortController();
  let cause: Error | undefined;
  const fail = (error: Error) => {
    cause ??= error;
    controller.abort(error);
  };
  const disposeCut = recorder.onCut(fail);
  const disposeRejected = recorder.onRejected((message, reason) => {
    // `id: null` answers no request of ours: a stateless server's 405 to the GET stream carries one in its body.
    if (message.dir === 'in' && 'id' in message.message && message.message.id !== null && !('method' in message.message)) {
      fail(new Error(`the server answered (id ${JSON.stringify(message.message.id)}) but the frame is ${reason}`));
    }
  });
  const dispose = () => {
    disposeCut();
    disposeRejected();
  };
  return { signal: outer ? AbortSignal.any([outer, controller.signal]) : controller.signal, get cause() { return cause; }, dispose };
}

/** The seqs of the last request with this method and its answer, for evidence. */
export function evidenceOf(connection: Connection, method: string): number[] {
  const { request, response } = connection.recorder.lastExchange(method);
  return [request?.seq, response?.seq].filter((s): s is number => s !== undefined);
}
