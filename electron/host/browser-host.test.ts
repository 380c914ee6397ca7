import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';
import { HostFrame } from '../../shared/ipc/host-protocol';
import { createEngine } from '../engine/engine';
import { startBrowserHost, type BrowserHost } from './browser-host';

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    }).on('error', reject);
  });
}

/** Resolves with the HTTP status of a refused upgrade, or 101 when the socket opens. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => { ws.close(); resolve(101); });
    ws.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); res.resume(); });
    ws.on('error', () => undefined);
  });
}

function openSocket(host: BrowserHost): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { headers: { Origin: host.origin } });
  return new Promise((resolve, reject) => { ws.once('open', () => resolve(ws)); ws.once('error', reject); });
}

function nextFrame(ws: WebSocket, match: (f: HostFrame) => boolean): Promise<HostFrame> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = HostFrame.parse(JSON.parse(data.toString()));
      if (match(frame)) { ws.off('message', onMessage); resolve(frame); }
    };
    ws.on('message', onMessage);
  });
}

describe('browser host', () => {
  let dir: string;
  let host: BrowserHost;
  const engine = createEngine({ host: 'browser', appVersion: '0.0.0-test' });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'parallax-host-'));
    await mkdir(path.join(dir, 'renderer'));
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(path.join(dir, 'package.json'), '{"secret":true}');
    host = await startBrowserHost({ engine, rendererDir: path.join(dir, 'renderer') });
  });
  afterAll(async () => {
    await host.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens on loopback only and puts a 256-bit token in the URL fragment', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url').length).toBe(32);
  });

  it('serves the renderer with the CSP and hardening headers', async () => {
    const res = await get(`${host.origin}/`);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('refuses a foreign Host header (DNS rebinding), a foreign Origin and paths outside the renderer', async () => {
    expect((await get(`${host.origin}/`, { Host: `evil.example:${host.port}` })).status).toBe(421);
    expect((await get(`${host.origin}/`, { Host: `[::1]:${host.port}` })).status).toBe(200);
    // Its page is its only origin: another local web app is refused too.
    expect((await get(`${host.origin}/`, { Origin: 'http://localhost:3000' })).status).toBe(403);
    expect((await get(`${host.origin}/`, { Origin: host.origin })).status).toBe(200);
    const escaped = await get(`${host.origin}/..%2fpackage.json`);
    expect(escaped.body).not.toContain('secret');
  });

  it('refuses the socket without the token, with a wrong token, from another origin, or on another path', async () => {
    const base = `ws://127.0.0.1:${host.port}`;
    expect(await upgradeStatus(`${base}/api`)).toBe(401);
    expect(await upgradeStatus(`${base}/api?token=${host.token.slice(1)}x`)).toBe(401);
    expect(await upgradeStatus(`${base}/api?token=${host.token}`, { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(`${base}/other?token=${host.token}`)).toBe(404);
    expect(await upgradeStatus(`${base}/api?token=${host.token}`, { Origin: host.origin })).toBe(101);
  });

  it('carries requests and answers through the contract', async () => {
    const ws = await openSocket(host);
    const answer = nextFrame(ws, (f) => f.type === 'response' && f.id === 7);
    ws.send(JSON.stringify({ type: 'request', id: 7, name: 'ping', payload: { text: 'over the wire' } }));
    const frame = await answer;
    expect(frame).toMatchObject({ type: 'response', id: 7, result: { ok: true, value: { text: 'over the wire' } } });

    const refused = nextFrame(ws, (f) => f.type === 'response' && f.id === 8);
    ws.send(JSON.stringify({ type: 'request', id: 8, name: 'ping', payload: { text: 3 } }));
    expect(await refused).toMatchObject({ result: { ok: false, error: { code: 'invalid_request' } } });
    ws.close();
  });

  it('pushes engine events to connected pages', async () => {
    const ws = await openSocket(host);
    const event = nextFrame(ws, (f) => f.type === 'event');
    engine.events.emit('engineLog', { level: 'warn', message: 'pushed', t: 1 });
    expect(await event).toEqual({ type: 'event', name: 'engineLog', payload: { level: 'warn', message: 'pushed', t: 1 } });
    ws.close();
  });

  it('closes a socket that sends a frame outside the protocol, and keeps serving others', async () => {
    const bad = await openSocket(host);
    const closed = new Promise<number>((resolve) => bad.on('close', (code) => resolve(code)));
    bad.send('{"type":"request","id":"x"}');
    expect(await closed).toBe(1008);
    const notJson = await openSocket(host);
    const closed2 = new Promise<number>((resolve) => notJson.on('close', (code) => resolve(code)));
    notJson.send('not json');
    expect(await closed2).toBe(1007);
    const good = await openSocket(host);
    const answer = nextFrame(good, (f) => f.type === 'response');
    good.send(JSON.stringify({ type: 'request', id: 1, name: 'getAppInfo', payload: {} }));
    expect(await answer).toMatchObject({ result: { ok: true } });
    good.close();
  });
});
