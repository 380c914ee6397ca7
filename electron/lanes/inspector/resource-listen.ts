import type { McpSubscription } from '@modelcontextprotocol/client';
import type { LaneRequest, RequestOutcome } from '../../../shared/lanes/inspector-result';
import type { Connection } from './connection';
import { explainRequestFailure } from './failure';
import { evidenceOf } from './lane-guard';

/**
 * Resource subscriptions on a 2026-07-28 connection, which has no resources/subscribe: the client
 * names the URIs in a `subscriptions/listen` stream instead. The open connection keeps one such
 * stream, opened anew with the changed set at each subscribe or unsubscribe (the new one first, so
 * no update falls in a gap), and the server's `notifications/resources/updated` arrive on it.
 */
export class ResourceListen {
  private readonly uris = new Set<string>();
  private current: McpSubscription | undefined;

  constructor(private readonly connection: Connection, private readonly timeoutMs: number, private readonly signal: AbortSignal | undefined) {}

  async change(request: LaneRequest): Promise<RequestOutcome> {
    const outcome: RequestOutcome = { method: request.method, params: request.params, evidence: [] };
    const uri = typeof request.params.uri === 'string' ? request.params.uri : undefined;
    if (uri === undefined) return { ...outcome, error: `${request.method} needs a "uri"` };
    const wanted = new Set(this.uris);
    if (request.method === 'resources/subscribe') wanted.add(uri);
    else wanted.delete(uri);
    try {
      const previous = this.current;
      this.current = wanted.size === 0 ? undefined
        : await this.connection.client.listen({ resourceSubscriptions: [...wanted] }, { timeout: this.timeoutMs, ...(this.signal ? { signal: this.signal } : {}) });
      await previous?.close();
      this.uris.clear();
      for (const u of wanted) this.uris.add(u);
      const honored = this.current?.honoredFilter.resourceSubscriptions ?? [];
      outcome.result = { via: 'subscriptions/listen', resourceSubscriptions: honored };
      if (request.method === 'resources/subscribe' && !honored.includes(uri)) outcome.error = `the server acknowledged the listen stream without ${uri}: it does not offer updates for that resource`;
    } catch (error) {
      outcome.error = explainRequestFailure(error, this.connection);
    }
    const ack = [...this.connection.recorder.messages].reverse().find((m) => m.dir === 'in' && m.message.method === 'notifications/subscriptions/acknowledged');
    outcome.evidence = [...evidenceOf(this.connection, 'subscriptions/listen'), ...(ack ? [ack.seq] : [])];
    return outcome;
  }

  async close(): Promise<void> {
    await this.current?.close().catch(() => undefined);
    this.current = undefined;
  }
}
