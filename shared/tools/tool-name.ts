/**
 * MCP's tool-name guidance (SEP-986, in the spec since 2025-11-25): 1 to 128 characters of ASCII
 * letters, digits, `_`, `-` and `.`. The 2.x SDK checks it only inside `registerTool` and exports
 * no checker, so the rule is restated here for names read off the wire.
 */
const ALLOWED = /^[A-Za-z0-9._-]*$/;
const MAX_LENGTH = 128;

export interface ToolNameVerdict {
  /** False when the name breaks the guidance (length or characters). */
  conforms: boolean;
  /** Each problem in words; a conforming name can still carry a caution (a leading dot, say). */
  problems: string[];
}

export function checkToolName(name: string): ToolNameVerdict {
  if (name.length === 0) return { conforms: false, problems: ['the name is empty'] };
  if (name.length > MAX_LENGTH) return { conforms: false, problems: [`the name is ${name.length} characters long, over ${MAX_LENGTH}`] };
  const problems: string[] = [];
  // Edge dashes and dots are allowed but split badly where names are joined into paths or flags.
  if (/^-|-$/.test(name)) problems.push('it starts or ends with a dash');
  if (/^\.|\.$/.test(name)) problems.push('it starts or ends with a dot');
  if (ALLOWED.test(name)) return { conforms: true, problems };
  const outside = [...new Set([...name].filter((char) => !ALLOWED.test(char)))];
  problems.push(`it contains ${outside.map((char) => JSON.stringify(char)).join(', ')}`);
  return { conforms: false, problems };
}
