import http from 'node:http';

export interface RawAnswer {
  /** 101 when an upgrade was accepted. */
  status: number;
  body: string;
}

/**
 * One request with exactly the `Host` and `Origin` given (a browser or a DNS-rebinding page would
 * send them; fetch() cannot set Host), or a WebSocket upgrade with `upgrade: true`.
 */
export function rawRequest(port: number, options: { path?: string; host?: string; origin?: string; upgrade?: boolean; method?: string } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { Host: options.host ?? `127.0.0.1:${port}` };
  if (options.origin !== undefined) headers.Origin = options.origin;
  if (options.upgrade) Object.assign(headers, { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' });
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: options.path ?? '/', method: options.method ?? 'GET', headers, agent: false });
    request.on('upgrade', (response, socket) => {
      socket.destroy();
      resolve({ status: response.statusCode ?? 0, body: '' });
    });
    request.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      // An event stream never ends: its status is all a test needs.
      if ((response.headers['content-type'] ?? '').includes('text/event-stream')) {
        response.destroy();
        resolve({ status: response.statusCode ?? 0, body });
      }
    });
    request.on('error', reject);
    request.end();
  });
}
