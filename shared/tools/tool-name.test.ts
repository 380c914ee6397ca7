import { describe, expect, it } from 'vitest';
import { checkToolName } from './tool-name';

describe('checkToolName', () => {
  it('accepts 1-128 characters of letters, digits, _ - .', () => {
    expect(checkToolName('files.read_v2-beta')).toEqual({ conforms: true, problems: [] });
    expect(checkToolName('x'.repeat(128)).conforms).toBe(true);
  });

  it('names what breaks the guidance', () => {
    expect(checkToolName('')).toEqual({ conforms: false, problems: ['the name is empty'] });
    expect(checkToolName('x'.repeat(129))).toEqual({ conforms: false, problems: ['the name is 129 characters long, over 128'] });
    expect(checkToolName('namespaced.tool/v2, again')).toEqual({ conforms: false, problems: ['it contains "/", ",", " "'] });
  });

  it('cautions about edge dashes and dots without failing the name', () => {
    expect(checkToolName('-lead.')).toEqual({ conforms: true, problems: ['it starts or ends with a dash', 'it starts or ends with a dot'] });
  });
});
