import { ProtocolError, ProtocolErrorCode, type Client, type ClientCapabilities, type ElicitRequestParams, type ElicitResult } from '@modelcontextprotocol/client';
import type { CapabilityProfile } from '../../../shared/lanes/inspector-result';

/**
 * What Parallax advertises in `initialize`. Servers list different tools by it (server-everything
 * adds tools for roots, sampling, elicitation, tasks), so the user picks: `none` like the
 * Inspector CLI, `all` like the Inspector web UI.
 */
export function clientCapabilities(profile: CapabilityProfile): ClientCapabilities {
  if (profile === 'none') return {};
  return {
    roots: { listChanged: true },
    sampling: {},
    elicitation: { form: {}, url: {} },
    tasks: { list: {}, cancel: {}, requests: { sampling: { createMessage: {} }, elicitation: { create: {} } } },
  };
}

/** Who answers a server's `elicitation/create`: the app's user (through the engine's broker) or a CLI policy. */
export type Elicitor = (params: ElicitRequestParams) => Promise<ElicitResult>;

/**
 * Answers the requests a server may send once those capabilities are advertised. Parallax is a
 * debugger, not an agent: it has no roots and refuses sampling, each visibly on the wire rather
 * than with a silent "method not found". Elicitation goes to `elicit` when given (the app asks
 * its user), and is declined otherwise.
 */
export function registerCapabilityHandlers(client: Client, profile: CapabilityProfile, elicit?: Elicitor): void {
  if (profile === 'none') return;
  client.setRequestHandler('roots/list', () => ({ roots: [] }));
  client.setRequestHandler('elicitation/create', (request) => (elicit ? elicit(request.params) : { action: 'decline' as const }));
  client.setRequestHandler('sampling/createMessage', () => {
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, 'MCP Parallax advertises sampling to see which tools the server lists, but does not run a model');
  });
}
