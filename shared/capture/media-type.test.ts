import { describe, expect, it } from 'vitest';
import { mediaTypeEssence } from './media-type';

describe('mediaTypeEssence', () => {
  it('reads the type/subtype, lowercased, whatever the parameters', () => {
    expect(mediaTypeEssence('Application/JSON; charset=utf-8')).toBe('application/json');
    expect(mediaTypeEssence('text/event-stream')).toBe('text/event-stream');
    expect(mediaTypeEssence('application/json;')).toBe('application/json');
    expect(mediaTypeEssence('application/json; charset=')).toBe('application/json');
  });
  it('never matches a media type named inside a parameter, and refuses what is not token/token', () => {
    expect(mediaTypeEssence('text/plain; a=application/json')).toBe('text/plain');
    expect(mediaTypeEssence('json')).toBeUndefined();
    expect(mediaTypeEssence('application/ json')).toBeUndefined();
    expect(mediaTypeEssence('')).toBeUndefined();
    expect(mediaTypeEssence(null)).toBeUndefined();
  });
});
