import type { Connection } from './connection';
import type { WireRecorder } from './wire-recorder';

/**
 * Fails the request in flight at once when its answer arrives but the SDK refuses the frame, or
 * when a limit cut the stream carrying it (it would otherwise time out).
 */
export function rejectionGuard(recorder: WireRecorder, outer: AbortSignal | undefined): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const disposeCut = recorder.onCut((error) => controller.abort(error));
  const disposeRejected = recorder.onRejected((message, reason) => {
    // `id: null` answers no request of ours: a stateless server's 405 to the GET stream carries one in its body.
    if (message.dir === 'in' && 'id' in message.message && message.message.id !== null && !('method' in message.message)) {
      controller.abort(new Error(`the server answered (id ${JSON.stringify(message.message.id)}) but the frame is ${reason}`));
    }
  });
  const dispose = () => {
    disposeCut();
    disposeRejected();
  };
  return { signal: outer ? AbortSignal.any([outer, controller.signal]) : controller.signal, dispose };
}

/** The seqs of the last request with this method and its answer, for evidence. */
export function evidenceOf(connection: Connection, method: string): number[] {
  const { request, response } = connection.recorder.lastExchange(method);
  return [request?.seq, response?.seq].filter((s): s is number => s !== undefined);
}
