import type { InspectorLaneOptions } from '../electron/lanes/inspector/inspector-lane';

/** The tool each scenario's server expects a client to call, with the arguments it checks. */
const CALLS: Record<string, NonNullable<InspectorLaneOptions['call']>> = {
  tools_call: { name: 'add_numbers', arguments: { a: 5, b: 3 } },
  'sse-retry': { name: 'test_reconnection', arguments: {} },
  'elicitation-sep1034-client-defaults': { name: 'test_client_elicitation_defaults', arguments: {} },
};

/**
 * What a user would pass `parallax probe` for each conformance scenario: the tool to call, and
 * for the auth scenarios the OAuth settings (pre-registered credentials, keys) the suite hands
 * over in MCP_CONFORMANCE_CONTEXT.
 */
export function conformanceLaneOptions(scenario: string, _context: Record<string, unknown>): Partial<InspectorLaneOptions> {
  const call = CALLS[scenario] ?? (scenario.startsWith('auth/') ? { name: 'test-tool', arguments: {} } : undefined);
  return {
    transport: 'streamable-http',
    ...(call ? { call } : {}),
  };
}
