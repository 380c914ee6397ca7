import type { ClientOptions } from '@modelcontextprotocol/client';
import { isSessionless, type ProtocolRequest } from '../../shared/lanes/protocol-revision';

/**
 * The SDK's own version negotiation, set to what the user asked for; Parallax never negotiates
 * by hand. Shared by every MCP client Parallax runs (the Inspector lane, the emulator's hosted
 * client), so "pinned to 2025-06-18" means the same on both.
 */
export function negotiationOptions(protocol: ProtocolRequest): Pick<ClientOptions, 'versionNegotiation' | 'supportedProtocolVersions'> {
  if (protocol === 'auto') return { versionNegotiation: { mode: 'auto' } };
  if (protocol === 'legacy') return { versionNegotiation: { mode: 'legacy' } };
  // The SDK pins only sessionless revisions; a 2025 revision is pinned by offering nothing else to initialize.
  return isSessionless(protocol) ? { versionNegotiation: { mode: { pin: protocol } } } : { versionNegotiation: { mode: 'legacy' }, supportedProtocolVersions: [protocol] };
}
