import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ContentBlocks } from './ContentBlocks';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const html = (content: unknown) => renderToStaticMarkup(<ContentBlocks content={content} />);

describe('MCP content blocks in a call result', () => {
  it('draws each kind server-everything returns: text with annotations, an image, resource links, embedded text and blob resources', () => {
    const out = html([
      { type: 'text', text: 'Error: Operation failed', annotations: { priority: 1, audience: ['user', 'assistant'] } },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'resource_link', uri: 'demo://resource/dynamic/text/2', name: 'Text Resource 2', description: 'Resource 2: plaintext resource', mimeType: 'text/plain' },
      { type: 'resource', resource: { uri: 'demo://resource/dynamic/text/1', mimeType: 'text/plain', text: 'Resource 1: plaintext' } },
      { type: 'resource', resource: { uri: 'demo://resource/dynamic/blob/1', mimeType: 'text/plain', blob: btoa('Resource 1: a base64 blob') } },
      { type: 'resource', resource: { uri: 'demo://resource/session/x.gz', mimeType: 'application/gzip', blob: btoa('\x1f\x8b\x08') } },
    ]);
    expect(out).toContain('Error: Operation failed');
    expect(out).toContain('audience user, assistant · priority 1');
    expect(out).toContain(`src="data:image/png;base64,${PNG}"`);
    expect(out).toContain('image · image/png · 70 B');
    expect(out).toMatch(/resource link.*Text Resource 2.*demo:\/\/resource\/dynamic\/text\/2.*text\/plain.*Resource 2: plaintext resource/);
    expect(out).toContain('Resource 1: plaintext');
    expect(out).toContain('Resource 1: a base64 blob');
    expect(out).toMatch(/demo:\/\/resource\/session\/x\.gz.*application\/gzip.*base64 blob, 3 B/);
  });

  it('shows a block it does not know, or a malformed one, whole instead of dropping it', () => {
    const out = html([{ type: 'hologram', depth: 3 }, { type: 'image', data: 'x', mimeType: 'text/html' }, 42]);
    expect(out).toContain('&quot;hologram&quot;');
    expect(out).toContain('text/html');
    expect(out).not.toContain('<img');
    expect(out).toContain('42');
    expect(html('not a list')).toBe('');
  });
});
