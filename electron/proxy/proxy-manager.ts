import type { CaptureSink } from '../../shared/capture/envelope';
import type { Limits } from '../../shared/capture/limits';
import type { ProxyInfo, StartProxyRequest } from '../../shared/ipc/proxies';
import { startMcpProxy } from './mcp-proxy';
import { startRealtimeTap } from './realtime-tap';
import { redactUrl } from '../../shared/security/secret-names';

interface Running {
  info: ProxyInfo;
  close(): Promise<void>;
}

/**
 * The proxies the UI started, each recording into whatever sink `sinkFor` gives at that moment
 * (the engine's current live session), until stopped or the engine shuts down.
 */
export class ProxyManager {
  private readonly running = new Map<string, Running>();
  private counter = 0;

  /** `limits` is asked at each start, so an edited settings file applies to the next proxy. */
  constructor(private readonly sink: () => CaptureSink, private readonly limits: () => Promise<Limits>) {}

  async start(request: StartProxyRequest): Promise<ProxyInfo> {
    const limits = await this.limits();
    const id = `${request.kind}-${++this.counter}`;
    // Resolved per envelope, so a proxy keeps feeding the live session the UI shows.
    const sink: CaptureSink = { record: (input) => this.sink().record(input) };
    const port = request.port ?? 0;
    if (request.kind === 'http') {
      const proxy = await startMcpProxy({ target: request.target, port, sink, limits });
      return this.add({ id, kind: 'http', lane: 'server', address: proxy.address, upstream: redactUrl(request.target).url, startedAt: Date.now() }, proxy);
    }
    const tap = await startRealtimeTap({ ...(request.upstream ? { upstream: request.upstream } : {}), port, sink, limits });
    return this.add({ id, kind: 'tap', lane: 'client', address: tap.realtimeUrl, baseUrl: tap.baseUrl, upstream: redactUrl(tap.upstream).url, startedAt: Date.now() }, tap);
  }

  async stop(id: string): Promise<boolean> {
    const running = this.running.get(id);
    if (!running) return false;
    this.running.delete(id);
    await running.close();
    return true;
  }

  list(): ProxyInfo[] {
    return [...this.running.values()].map((r) => r.info);
  }

  async stopAll(): Promise<void> {
    await Promise.allSettled([...this.running.keys()].map((id) => this.stop(id)));
  }

  private add(info: ProxyInfo, handle: { close(): Promise<void> }): ProxyInfo {
    this.running.set(info.id, { info, close: () => handle.close() });
    return info;
  }
}
