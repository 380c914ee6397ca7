import type { Direction, Envelope, LaneId } from './envelope';
import { classifyJsonRpc, jsonRpcIdKey, type JsonRpcId, type JsonRpcMessage } from './jsonrpc';

/** A request and, if it came, its response. Durations are response `t` minus request `t`. */
export interface RpcExchange {
  lane: LaneId;
  conn: string;
  id: JsonRpcId;
  method: string;
  /** Who asked: `out` for the client, `in` for a server-initiated request (sampling, roots, ping). */
  requester: Direction;
  requestSeq: number;
  requestT: number;
  responseSeq?: number;
  responseT?: number;
  durationMs?: number;
  outcome: 'result' | 'error' | 'unanswered';
  errorCode?: number;
}

export interface OrphanResponse {
  lane: LaneId;
  conn: string;
  /** null for the id-less error responses servers send to unparseable requests. */
  id: JsonRpcId | null;
  seq: number;
  t: number;
  error: boolean;
}

export interface DuplicateRequest {
  lane: LaneId;
  conn: string;
  id: JsonRpcId;
  method: string;
  seq: number;
  /** The still-unanswered request that already used this id; the response pairs with it. */
  pendingSeq: number;
}

export interface InvalidMessage {
  seq: number;
  reason: string;
}

export interface PairingResult {
  /** In request order; `unanswered` ones are the requests never answered by the end of the capture. */
  exchanges: RpcExchange[];
  orphanResponses: OrphanResponse[];
  duplicateRequests: DuplicateRequest[];
  invalid: InvalidMessage[];
}

/** What `add` learned about one message of an envelope, for indexes. */
export interface PairedMessage {
  message: JsonRpcMessage;
  /** The method a response answers, once paired. */
  method?: string;
  /** Index into `exchanges` of the exchange this message belongs to. */
  exchange?: number;
}

type PairableEnvelope = Pick<Envelope, 'seq' | 't' | 'lane' | 'conn' | 'dir' | 'raw'>;

const opposite = (dir: Direction): Direction => (dir === 'out' ? 'in' : 'out');

/**
 * Matches JSON-RPC requests to responses per lane and connection, by id, in either direction,
 * as envelopes arrive: the same code pairs a live session and a loaded capture.
 */
export class JsonRpcPairer {
  private readonly exchanges: RpcExchange[] = [];
  private readonly pending = new Map<string, number>();
  private readonly orphanResponses: OrphanResponse[] = [];
  private readonly duplicateRequests: DuplicateRequest[] = [];
  private readonly invalid: InvalidMessage[] = [];

  /** Feed only `jsonrpc` envelopes, in capture order. */
  add(envelope: PairableEnvelope): PairedMessage[] {
    return classifyJsonRpc(envelope.raw).map((message) => this.addMessage(envelope, message));
  }

  private addMessage(envelope: PairableEnvelope, message: JsonRpcMessage): PairedMessage {
    switch (message.kind) {
      case 'invalid':
        this.invalid.push({ seq: envelope.seq, reason: message.reason });
        return { message };
      case 'notification':
        return { message, method: message.method };
      case 'request': {
        const key = pendingKey(envelope.lane, envelope.conn, envelope.dir, message.id);
        const earlier = this.pending.get(key);
        if (earlier !== undefined) {
          const first = this.exchanges[earlier] as RpcExchange;
          this.duplicateRequests.push({ lane: envelope.lane, conn: envelope.conn, id: message.id, method: message.method, seq: envelope.seq, pendingSeq: first.requestSeq });
          return { message, method: message.method };
        }
        const index = this.exchanges.push({
          lane: envelope.lane, conn: envelope.conn, id: message.id, method: message.method, requester: envelope.dir,
          requestSeq: envelope.seq, requestT: envelope.t, outcome: 'unanswered',
        }) - 1;
        this.pending.set(key, index);
        return { message, method: message.method, exchange: index };
      }
      case 'response': {
        const key = message.id === null ? undefined : pendingKey(envelope.lane, envelope.conn, opposite(envelope.dir), message.id);
        const index = key === undefined ? undefined : this.pending.get(key);
        if (key === undefined || index === undefined) {
          this.orphanResponses.push({ lane: envelope.lane, conn: envelope.conn, id: message.id, seq: envelope.seq, t: envelope.t, error: message.error });
          return { message };
        }
        this.pending.delete(key);
        const exchange = this.exchanges[index] as RpcExchange;
        exchange.responseSeq = envelope.seq;
        exchange.responseT = envelope.t;
        exchange.durationMs = envelope.t - exchange.requestT;
        exchange.outcome = message.error ? 'error' : 'result';
        if (message.errorCode !== undefined) exchange.errorCode = message.errorCode;
        return { message, method: exchange.method, exchange: index };
      }
    }
  }

  /** The result so far; requests still pending count as unanswered. Later `add`s may still answer them. */
  result(): PairingResult {
    return {
      exchanges: this.exchanges.map((exchange) => ({ ...exchange })),
      orphanResponses: [...this.orphanResponses],
      duplicateRequests: [...this.duplicateRequests],
      invalid: [...this.invalid],
    };
  }
}

function pendingKey(lane: LaneId, conn: string, requester: Direction, id: JsonRpcId): string {
  return `${lane}\u0000${conn}\u0000${requester}\u0000${jsonRpcIdKey(id)}`;
}

/** Pairs a finished list of envelopes in one go, ignoring the non-`jsonrpc` ones. */
export function pairJsonRpc(envelopes: Iterable<Envelope>): PairingResult {
  const pairer = new JsonRpcPairer();
  for (const envelope of envelopes) if (envelope.layer === 'jsonrpc') pairer.add(envelope);
  return pairer.result();
}
