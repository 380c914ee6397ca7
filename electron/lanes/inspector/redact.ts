import { redactHeaderList } from '../../../shared/security/secret-names';

/** Credential headers (shared/security/secret-names.ts) as meta events and results show them: present, never echoed. */
export function redactHeaders(headers: [string, string][]): [string, string][] {
  return redactHeaderList(headers).headers;
}

const SECRET_FLAG = /^--?[\w.-]*(token|secret|api[-_]?key|password|passwd|auth)[\w.-]*$/i;
const SECRET_ASSIGNMENT = /^(--?[\w.-]*(?:token|secret|api[-_]?key|password|passwd|auth)[\w.-]*|[A-Z_]*(?:TOKEN|SECRET|API_KEY|PASSWORD)[A-Z_]*)=(.+)$/i;

/**
 * A stdio command line as it may appear in meta events and results: values given to
 * credential-looking flags (`--api-key X`, `--token=X`, `API_KEY=X`) are replaced. They never
 * cross the MCP wire, so nothing the capture shows elsewhere would reveal them.
 */
export function redactArgs(args: string[]): string[] {
  return args.map((arg, index) => {
    const assignment = SECRET_ASSIGNMENT.exec(arg);
    if (assignment) return `${assignment[1]}=[redacted]`;
    const previous = args[index - 1];
    if (previous !== undefined && SECRET_FLAG.test(previous) && !previous.includes('=') && !arg.startsWith('-')) return '[redacted]';
    return arg;
  });
}
