import { z } from 'zod';
import type { ProtocolRequest } from './protocol-revision';
import type { FixtureEra } from './fixture-eras';

/**
 * The servers the demo can start, each a fixture profile in one MCP era, and the revision the
 * Inspector lane should ask for so it reaches it. The seed is the demo proper; the others show
 * how one set of tools looks through clients of different eras. `seed` is the reported server
 * (the `admin-tools` profile), run with the report's own Realtime session.update.
 */
export interface DemoServer {
  id: DemoServerId;
  /** Short enough for the menu beside the Demo button. */
  title: string;
  summary: string;
  profile: string;
  transport: 'sse' | 'streamable-http';
  era: FixtureEra;
  protocol: ProtocolRequest;
  /** A second revision to run the Inspector's client at, in the era lane beside it. */
  compareProtocol?: ProtocolRequest;
}

export const DEMO_SERVER_IDS = ['seed', 'legacy-http', 'modern', 'dual', 'round-robin', 'split'] as const;
export const DemoServerId = z.enum(DEMO_SERVER_IDS);
export type DemoServerId = z.infer<typeof DemoServerId>;

export const DEMO_SERVERS: readonly DemoServer[] = [
  { id: 'seed', title: 'Reported server (SSE)', summary: 'admin-tools-mcp-server: 10 tools over legacy SSE (Python FastMCP, 2025-06-18), and the Realtime client\'s own session.update', profile: 'admin-tools', transport: 'sse', era: 'legacy', protocol: 'legacy' },
  { id: 'legacy-http', title: 'MCP 2025 only', summary: 'the seed tools over Streamable HTTP with sessions, 2025 revisions only', profile: 'seed', transport: 'streamable-http', era: 'legacy', protocol: 'auto' },
  { id: 'modern', title: 'MCP 2026-07-28 only', summary: 'the seed tools, stateless, 2026-07-28 only: 2025 clients get -32022', profile: 'seed', transport: 'streamable-http', era: 'modern', protocol: 'auto' },
  { id: 'dual', title: 'Both eras', summary: 'the seed tools in 2026-07-28 and in 2025, from one URL', profile: 'seed', transport: 'streamable-http', era: 'dual', protocol: 'auto' },
  { id: 'round-robin', title: 'Round-robin', summary: 'two stateless instances answering in turn; one grows a tool the other lacks', profile: 'list-changed', transport: 'streamable-http', era: 'round-robin', protocol: 'auto' },
  { id: 'split', title: 'Split eras', summary: 'both eras from one URL, but 2025 clients reach an older deployment missing a tool; the Inspector runs at 2026-07-28 and again at 2025', profile: 'seed', transport: 'streamable-http', era: 'split', protocol: '2026-07-28', compareProtocol: 'legacy' },
];

export function demoServer(id: DemoServerId): DemoServer {
  const found = DEMO_SERVERS.find((s) => s.id === id);
  if (!found) throw new Error(`unknown demo server "${id}"`);
  return found;
}
