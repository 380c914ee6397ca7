import { describe, expect, it } from 'vitest';
import { externalLink } from './external-url';

describe('links from servers', () => {
  it('offers https anywhere and http only on loopback, showing the origin and the decoded URL', () => {
    expect(externalLink('https://example.com/a%20b?x=1')).toEqual({ ok: true, href: 'https://example.com/a%20b?x=1', origin: 'https://example.com', shown: 'https://example.com/a b?x=1' });
    expect(externalLink('http://127.0.0.1:8080/cb')).toMatchObject({ ok: true, origin: 'http://127.0.0.1:8080' });
    expect(externalLink('http://[::1]/x')).toMatchObject({ ok: true });
    expect(externalLink('http://localhost:3000')).toMatchObject({ ok: true });
    expect(externalLink('http://example.com')).toEqual({ ok: false, reason: 'plain http: is offered only for loopback servers' });
  });

  it('never offers other schemes, credentials before the host, or text that is not a URL; IDN hosts stay in xn-- form', () => {
    expect(externalLink('javascript:alert(1)')).toEqual({ ok: false, reason: 'javascript: links are never opened' });
    expect(externalLink('file:///etc/passwd')).toMatchObject({ ok: false });
    expect(externalLink('data:text/html,<b>x</b>')).toMatchObject({ ok: false });
    expect(externalLink('https://bank.example@evil.example/')).toMatchObject({ ok: false, reason: expect.stringContaining('user name') });
    expect(externalLink('not a url')).toEqual({ ok: false, reason: 'it is not a URL' });
    expect(externalLink('https://pаypal.com/')).toMatchObject({ ok: true, origin: 'https://xn--pypal-4ve.com' });
  });
});
