import type { InspectorLaneOptions } from '../electron/lanes/inspector/inspector-lane';
import type { Elicitor } from '../electron/lanes/inspector/client-capabilities';
import type { OAuthSettings } from '../electron/lanes/inspector/oauth/oauth-settings';
import { defaultsOf } from '../shared/tools/schema-form';

/** The client ID metadata document URL the suite's CIMD scenarios check for (the suite serves none: the server only compares it). */
const CIMD_CLIENT_METADATA_URL = 'https://conformance-test.local/client-metadata.json';

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
export function conformanceLaneOptions(scenario: string, context: Record<string, unknown>): Partial<InspectorLaneOptions> {
  const auth = scenario.startsWith('auth/');
  const call = CALLS[scenario] ?? (auth && !scenario.startsWith('auth/client-credentials') ? { name: 'test-tool', arguments: {} } : undefined);
  return {
    transport: 'streamable-http',
    ...(call ? { call } : {}),
    ...(auth ? { oauth: oauthFor(scenario, context) } : {}),
    ...(scenario === 'elicitation-sep1034-client-defaults' ? ELICITATION_OPTIONS : {}),
  };
}

/**
 * What a user does in the app's elicitation dialog when pressing Accept without typing: the form
 * opens with the server's defaults (SEP-1034), so those are the answer.
 */
const acceptDefaults: Elicitor = (params) => Promise.resolve({
  action: 'accept',
  content: defaultsOf('requestedSchema' in params ? params.requestedSchema : undefined) as Record<string, string | number | boolean | string[]>,
});

/** Typed on its own so a renamed lane option fails the type check instead of silently dropping out of a spread. */
const ELICITATION_OPTIONS: Partial<InspectorLaneOptions> = { capabilities: 'all', answers: { elicit: acceptDefaults } };

/** The suite's servers approve every authorization request, so no person is needed: `--oauth-browser none`. */
function oauthFor(scenario: string, context: Record<string, unknown>): OAuthSettings {
  const text = (key: string) => (typeof context[key] === 'string' ? context[key] : undefined);
  const clientId = text('client_id');
  const clientSecret = text('client_secret');
  const privateKeyPem = text('private_key_pem');
  const privateKeyAlg = text('signing_algorithm');
  return {
    browser: 'none',
    grant: scenario.startsWith('auth/client-credentials') ? 'client-credentials' : 'authorization-code',
    // The suite's authorization servers that support metadata documents expect this URL as the client_id.
    clientMetadataUrl: CIMD_CLIENT_METADATA_URL,
    ...(clientId ? { clientId } : {}),
    ...(clientSecret ? { clientSecret } : {}),
    ...(privateKeyPem ? { privateKeyPem } : {}),
    ...(privateKeyAlg ? { privateKeyAlg } : {}),
    loginTimeoutMs: 20_000,
  };
}
