import { describe, expect, it } from 'vitest';
import type { CaptureHeader, Envelope } from '../capture/envelope';
import { RedactionOptions } from './redaction-options';
import { redactCapture } from './redactor';

const SECRETS = {
  configured: 'cfg-key-Planted+01/xyz',
  skKey: 'sk-proj-PlantedOpenAiKey0002',
  ekKey: 'ek_PlantedEphemeral0003abc',
  bearer: 'bearer-token-Planted-0004',
  cookie: 'cookie-value-Planted-0005',
  setCookie: 'set-cookie-Planted-0006',
  mcpAuth: 'mcp-authorization-Planted-0007',
  mcpHeader: 'mcp-header-value-Planted-0008',
  urlToken: 'url token/Planted=0009',
  env: 'env-secret-Planted-0010',
  userHeader: 'user-header-Planted-0011',
  userRegex: 'CUSTOM-Planted-0012',
  userPath: 'json-path-Planted-0013',
} as const;

const header: CaptureHeader = {
  format: 'mcp-parallax-capture', version: 1, app: { name: 'MCP Parallax', version: 'test' }, createdAt: new Date(0).toISOString(),
  lanes: [{ lane: 'inspector', server: { target: 'stdio:node server.js', envNames: ['SERVICE_TOKEN'] }, settings: { bearerToken: '[redacted]' } }],
};

let seq = 0;
const envelope = (fields: Partial<Envelope> & Pick<Envelope, 'layer' | 'raw'>): Envelope => ({ seq: ++seq, t: seq, lane: 'inspector', conn: 'c', dir: 'out', ...fields });

function plantedCapture(): Envelope[] {
  seq = 0;
  const mcpTool = { type: 'mcp', server_label: 's', server_url: 'https://x.test/mcp', authorization: SECRETS.mcpAuth, headers: { 'X-Tenant': SECRETS.mcpHeader } };
  return [
    envelope({ layer: 'http', raw: JSON.stringify({ model: 'm', tools: [mcpTool] }), http: { exchange: 'p', phase: 'request', method: 'POST', url: `https://api.test/v1/responses?access_token=${encodeURIComponent(SECRETS.urlToken)}`,
      headers: [['authorization', `Bearer ${SECRETS.skKey}`], ['cookie', `a=${SECRETS.cookie}; b=1`], ['x-tenant', SECRETS.mcpHeader], ['X-Custom', SECRETS.userHeader]] } }),
    envelope({ layer: 'http', dir: 'in', raw: '', http: { exchange: 'p', phase: 'response', status: 200, statusText: `OK for ${SECRETS.skKey}`, headers: [['set-cookie', `sid=${SECRETS.setCookie}; Path=/; HttpOnly`]] } }),
    envelope({ layer: 'sse', dir: 'in', raw: `data: ${JSON.stringify({ type: 'response.created', response: { tools: [mcpTool] } })}\n\n`, http: { exchange: 'p', phase: 'body' } }),
    envelope({ layer: 'http', raw: '', http: { exchange: 'i', phase: 'request', method: 'POST', url: 'https://x.test/mcp', headers: [['Authorization', `Bearer ${SECRETS.bearer}`], ['X-Tenant', SECRETS.mcpHeader]] } }),
    envelope({ layer: 'ws', lane: 'realtime', raw: JSON.stringify({ type: 'session.update', session: { tools: [mcpTool] }, client_secret: { value: SECRETS.ekKey } }), ws: { kind: 'text' } }),
    envelope({ layer: 'ws', lane: 'realtime', dir: 'in', raw: btoa(`binary \u0001 ${SECRETS.skKey} frame`), encoding: 'base64', ws: { kind: 'binary' } }),
    envelope({ layer: 'stderr', dir: 'in', raw: `starting with SERVICE_TOKEN=${SECRETS.env} and key ${SECRETS.configured}; as PHP writes it: "${SECRETS.configured.replace(/\//g, '\\/')}"\n` }),
    envelope({ layer: 'jsonrpc', dir: 'in', raw: JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: `echo ${SECRETS.userRegex}` }], meta: { credential: SECRETS.userPath } } }) }),
    envelope({ layer: 'http', raw: '', http: { exchange: 'b', phase: 'request', method: 'GET', url: `https://x.test/?state=${lowerHex(encodeURIComponent(SECRETS.configured))}`, headers: [['x-forwarded', `Basic ${btoa(`user:${SECRETS.bearer}`)}`]] } }),
    envelope({ layer: 'stderr', dir: 'in', raw: `a token sent again: ${btoa(SECRETS.bearer)} and ${JSON.stringify(SECRETS.mcpAuth)}` }),
    envelope({ layer: 'jsonrpc', dir: 'in', raw: '{"jsonrpc":"2.0","id":2,"result":{"tools":[]}}' }),
  ];
}

const options = RedactionOptions.parse({
  rules: [{ kind: 'header', name: 'X-Custom' }, { kind: 'regex', pattern: 'CUSTOM-[A-Za-z]+-\\d{4}' }, { kind: 'json-path', path: '$.result.meta.credential' }],
});

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());

function forms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), btoa(secret)];
}

describe('redactCapture', () => {
  it('removes every planted secret, in every form, from payloads, URLs, headers and binary frames', () => {
    const envelopes = plantedCapture();
    const result = redactCapture(header, envelopes, options, [{ rule: 'configured-key', value: SECRETS.configured }]);
    const text = JSON.stringify(result.envelopes) + JSON.stringify(result.header);
    const decodedBinary = atob(result.envelopes[5]?.raw ?? '');
    for (const [name, secret] of Object.entries(SECRETS)) {
      for (const form of forms(secret)) expect(text.includes(form), `${name} as ${form}`).toBe(false);
      expect(decodedBinary.includes(secret), `${name} in the binary frame`).toBe(false);
    }
    expect(text.includes(SECRETS.configured.replace(/\//g, '\\/'))).toBe(false);
    expect(text.includes(lowerHex(encodeURIComponent(SECRETS.configured)))).toBe(false);
    // The Basic credential is base64 of "user:password": decoded, scrubbed and encoded again.
    const basic = result.envelopes[8]?.http?.headers?.[0]?.[1] ?? '';
    expect(atob(basic.replace('Basic ', ''))).toBe('user:[redacted]');
  });

  it('marks changed envelopes and leaves the rest, and the JSON it touched still parses', () => {
    const result = redactCapture(header, plantedCapture(), options);
    expect(result.envelopes.filter((e) => e.redacted).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.envelopes[10]?.redacted).toBeUndefined();
    for (const e of result.envelopes.filter((x) => x.layer === 'jsonrpc' || x.layer === 'ws' && x.ws?.kind === 'text')) expect(() => JSON.parse(e.raw)).not.toThrow();
    expect(result.envelopes[0]?.http?.headers?.[0]).toEqual(['authorization', 'Bearer [redacted]']);
    expect(result.envelopes[1]?.http?.headers?.[0]).toEqual(['set-cookie', 'sid=[redacted]; Path=/; HttpOnly']);
    expect(result.envelopes[0]?.http?.url).toBe('https://api.test/v1/responses?access_token=%5Bredacted%5D');
    expect(result.preview.envelopesChanged).toBe(10);
  });

  it('previews each kind of secret with how often it is removed, never the value', () => {
    const result = redactCapture(header, plantedCapture(), options, [{ rule: 'configured-key', value: SECRETS.configured }]);
    const byRule = Object.fromEntries(result.preview.items.map((i) => [i.rule, i.count]));
    expect(byRule).toMatchObject({ 'configured-key': 3, authorization: expect.any(Number), cookie: 2, 'mcp-tool': expect.any(Number), 'url-token': 1, 'stdio-env': 1, 'ephemeral-key': 1, 'user:header:x-custom': 1, 'user:regex:1': 1, 'user:json-path:$.result.meta.credential': 1 });
    expect(byRule['mcp-tool']).toBeGreaterThanOrEqual(6);
    expect(byRule.authorization).toBeGreaterThanOrEqual(3);
    const preview = JSON.stringify(result.preview);
    for (const secret of Object.values(SECRETS)) expect(preview.includes(secret)).toBe(false);
  });

  it('leaves prose that merely looks like a key prefix alone', () => {
    seq = 0;
    const prose = envelope({ layer: 'stderr', dir: 'in', raw: 'uses sk-learn-models and ek_short for testing' });
    expect(redactCapture(header, [prose], options).envelopes[0]?.raw).toBe(prose.raw);
  });

  it('changes nothing with includeSecrets', () => {
    const envelopes = plantedCapture();
    const result = redactCapture(header, envelopes, RedactionOptions.parse({ includeSecrets: true }));
    expect(result.envelopes).toEqual(envelopes);
    expect(result.preview).toMatchObject({ enabled: false, items: [] });
  });

  it('refuses rules it cannot apply, naming the problem', () => {
    expect(RedactionOptions.safeParse({ rules: [{ kind: 'regex', pattern: '(' }] }).error?.issues[0]?.message).toMatch(/not a valid regular expression/);
    expect(RedactionOptions.safeParse({ rules: [{ kind: 'json-path', path: 'result.x' }] }).error?.issues[0]?.message).toMatch(/not a JSON path/);
    expect(RedactionOptions.safeParse({ rules: [{ kind: 'header', name: 'bad name' }] }).success).toBe(false);
  });
});
