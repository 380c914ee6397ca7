/**
 * Named fault profiles: each reproduces one documented way hosted MCP goes wrong. An emulator
 * instance has default faults; a connection adds its own with the `parallax_fault` query
 * parameter or the `x-parallax-fault` header (comma-separated names).
 */
export const FAULTS = {
  beta: 'Realtime only, retired interface: run the connection on the beta-2025 historical profile as a beta client (as if it sent OpenAI-Beta: realtime=v1): no session.type, conversation.item.created instead of .added, and never conversation.item.done.',
  'slow-list': 'The tool listing finishes only after the next response has run (or after slowListMs), so a turn started meanwhile sees only tools already loaded.',
  'list-fail': 'Listing fails without contacting the server: mcp_list_tools.failed (Realtime) or HTTP 424 external_connector_error (Responses), as for a wrong URL, auth or connectivity.',
  'public-only': 'Refuse MCP servers on localhost and private addresses, as the real API does (HTTP 424 / mcp_list_tools.failed with "Http status code: 424 (Failed Dependency)").',
  'function-call': 'The model asks for an MCP tool with a function_call item instead of an mcp_call, as reported of real models: OpenAI never calls the MCP server, and the client is handed a function call it declared no function for.',
  'call-timeout': 'Every tools/call is abandoned as timed out right after it is sent: the mcp_call fails (Realtime http_error, Responses HTTP 424 without streaming).',
} as const;

export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export const FAULT_QUERY_PARAMETER = 'parallax_fault';
export const FAULT_HEADER = 'x-parallax-fault';

export class UnknownFaultError extends Error {
  constructor(readonly names: string[]) {
    super(`unknown fault profile${names.length > 1 ? 's' : ''} ${names.map((n) => `"${n}"`).join(', ')}; known: ${FAULT_NAMES.join(', ')}`);
  }
}

export function parseFaults(value: string | null | undefined): FaultName[] {
  if (!value) return [];
  const names = value.split(',').map((n) => n.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in FAULTS));
  if (unknown.length > 0) throw new UnknownFaultError(unknown);
  return names as FaultName[];
}

/** The instance's faults plus those a request names in its query or header. */
export function faultsFor(instance: readonly FaultName[], url: URL, header: string | string[] | undefined): Set<FaultName> {
  const fromHeader = Array.isArray(header) ? header.join(',') : header;
  return new Set([...instance, ...parseFaults(url.searchParams.get(FAULT_QUERY_PARAMETER)), ...parseFaults(fromHeader)]);
}
