import { ProtocolError, ProtocolErrorCode, type Client, type ClientCapabilities } from '@modelcontextprotocol/client';
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

/**
 * Answers the requests a server may send once those capabilities are advertised. Parallax is a
 * debugger, not an agent: it has no roots, declines elicitation and refuses sampling, each
 * visibly on the wire rather than with a silent "method not found".
 */
export function registerCapabilityHandlers(client: Client, profile: CapabilityProfile): void {
  if (profile === 'none') return;
  client.setRequestHandler('roots/list', () => ({ roots: [] }));
  client.setRequestHandler('elicitation/create', () => ({ action: 'decline' as const }));
  client.setRequestHandler('sampling/createMessage', () => {
    throw new ProtocolError(ProtocolErrorCode.InvalidRequest, 'MCP Parallax advertises sampling to see which tools the server lists, but does not run a model');
  });
}
