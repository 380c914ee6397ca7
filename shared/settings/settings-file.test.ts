import { describe, expect, it } from 'vitest';
import { parseSettingsFile, SettingsFileError } from './settings-file';

describe('settings file', () => {
  it('reads limits as numbers or sizes', () => {
    expect(parseSettingsFile('{"limits":{"messageBytes":"256MiB","jsonDepth":512,"frameBytes":4096}}', 's.json')).toEqual({
      limits: { messageBytes: 256 * 1024 * 1024, jsonDepth: 512, frameBytes: 4096 },
    });
    expect(parseSettingsFile('{}', 's.json')).toEqual({});
  });

  it('names the file and the key of every problem, typos included', () => {
    const problem = (text: string) => {
      try {
        parseSettingsFile(text, '/home/ada/parallax.json');
      } catch (error) {
        expect(error).toBeInstanceOf(SettingsFileError);
        return (error as Error).message;
      }
      throw new Error('expected a SettingsFileError');
    };
    expect(problem('{"limits":{"mesageBytes":1}}')).toMatch(/^the settings file \/home\/ada\/parallax\.json has a problem: limits: Unrecognized key: "mesageBytes"/);
    expect(problem('{"limits":{"frameBytes":"huge"}}')).toContain('limits.frameBytes: "huge" is not a size');
    expect(problem('{"limits":{"jsonDepth":"12MiB"}}')).toContain('limits.jsonDepth: jsonDepth is a count of levels');
    expect(problem('{"limits":{"frameBytes":-1}}')).toMatch(/limits\.frameBytes: /);
    expect(problem('{"limit":{}}')).toContain('Unrecognized key: "limit"');
    expect(problem('{nope')).toMatch(/^the settings file \/home\/ada\/parallax\.json is not JSON: /);
  });
});
