import type WebSocket from 'ws';
import type { Direction } from '../../../shared/capture/envelope';
import { LimitExceededError, type LimitHit, type Limits } from '../../../shared/capture/limits';
import { keepWithin } from '../../capture/clipped-body';
import type { WireRecorder } from '../inspector/wire-recorder';
import { recordClipHit } from './response-body-recorder';

/** What bounds a WebSocket we own: `messageBytes` is its `ws` maxPayload, `frameBytes` what the capture keeps of a message. */
export type WsMessageLimits = Pick<Limits, 'frameBytes' | 'messageBytes'>;

/**
 * Records one WebSocket message as the capture keeps it: whole up to frame-bytes, beyond it head,
 * tail, length and SHA-256 with a `limit-exceeded` meta. A binary message is kept as base64 text,
 * so a clipped one's head, tail, size and hash are of that text.
 */
export function recordWsMessage(recorder: WireRecorder, dir: Direction, buffer: Buffer, isBinary: boolean, frameBytes: number): number {
  const whole = buffer.byteLength <= frameBytes;
  const { kept, clipped } = whole
    ? { kept: { raw: buffer.toString(isBinary ? 'base64' : 'utf8'), size: buffer.byteLength }, clipped: undefined }
    : keepWithin(isBinary ? Buffer.from(buffer.toString('base64')) : buffer, frameBytes);
  const envelope = recorder.record({
    layer: 'ws', dir, ...kept,
    ...(isBinary ? { encoding: 'base64' as const, ws: { kind: 'binary' as const } } : { ws: { kind: 'text' as const } }),
  });
  if (clipped) recordClipHit(recorder, clipped, envelope.seq, '');
  return envelope.seq;
}

/** How `ws` refuses a message past maxPayload: this error, after it has sent a 1009 close frame. */
export function isMessageTooBig(error: Error): boolean {
  return (error as Error & { code?: unknown }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
}

export interface TooBigMessage {
  /** What sent it, for the error and the finding: "a Realtime message", "a message from your client". */
  subject: string;
  /** What Parallax did about it. */
  action: string;
  /** Which way the 1009 close frame `ws` sent went (toward the side that sent the message). */
  closeDir: Direction;
  /** More fields for the meta (the tap's `side`). */
  fields?: Record<string, unknown>;
}

/**
 * Records the message-bytes hit for a message `ws` refused on `socket`, and the 1009 close frame it
 * sent; returns the hit as an error naming the limit. `ws` refuses at the frame header, before
 * reading the payload, so what arrived is counted as the length the headers announced; its
 * receiver holds that count (no public API does), and without it the hit says "more than the limit".
 */
export function recordMessageTooBig(recorder: WireRecorder, socket: WebSocket, limit: number, message: TooBigMessage): LimitExceededError {
  const announced = (socket as unknown as { _receiver?: { _totalPayloadLength?: unknown } })._receiver?._totalPayloadLength;
  const observed = typeof announced === 'number' && announced > limit ? announced : limit + 1;
  const hit: LimitHit = { limit: 'messageBytes', value: limit, observed, action: message.action };
  recorder.meta('limit-exceeded', { ...hit, connection: recorder.conn, subject: message.subject, closed: 1009, ...message.fields });
  recorder.record({ layer: 'ws', dir: message.closeDir, raw: '', ws: { kind: 'close', code: 1009 } });
  return new LimitExceededError(hit, message.subject);
}
