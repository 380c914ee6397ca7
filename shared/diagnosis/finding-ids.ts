/**
 * Every finding id the diagnosis can emit. Stable: the UI, bundles and scripts key on them, so an
 * id is never renamed, only added.
 */
export const FINDING_IDS = [
  'realtime.session-type-missing', 'realtime.beta-interface', 'realtime.session-update-rejected', 'realtime.tools-on-item-done',
  'realtime.turn-before-listing', 'client.closed-before-item-done', 'realtime.beta-retired',
  'openai.api-key-refused', 'openai.server-unreachable', 'openai.mcp-unauthorized', 'openai.authorization-twice', 'openai.allowed-tools-unknown',
  'openai.allowed-tools-filter', 'openai.approval-unanswered', 'openai.duplicate-tool-names', 'openai.hidden-characters', 'openai.function-call-for-mcp-tool',
  'responses.424',
  'mcp.transport-mismatch', 'mcp.transport-fallback', 'mcp.protocol-version-downgraded', 'mcp.paginated', 'mcp.cursor-loop',
  'mcp.one-page-read', 'mcp.capabilities-gated', 'mcp.list-changed-lost', 'mcp.unauthorized', 'mcp.invalid-frames', 'mcp.no-shared-revision',
  'mcp.header-meta-mismatch', 'mcp.meta-invalid', 'mcp.era-mixed', 'mcp.stale-list-cache', 'mcp.hosted-era-gap', 'mcp.deprecated-feature',
  'mcp.era-lists-differ', 'mcp.discover-invalid', 'mcp.redirected-cross-origin', 'mcp.question-unanswered', 'mcp.call-result-invalid', 'mcp.host-rejected',
  'calls.results-differ',
  'tools.malformed', 'tools.openai-schema-risk', 'tools.too-many', 'tools.hidden-characters',
  'claude.server-unreachable', 'claude.mcp-unauthorized', 'claude.api-key-refused', 'claude.url-not-public', 'claude.toolset-disabled',
  'claude.headers-dropped', 'claude.listing-unreported', 'claude.request-rejected',
  'capture.damaged', 'capture.recording-stopped', 'capture.unreadable-frames', 'capture.limit-exceeded', 'capture.continued', 'diagnosis.rule-failed',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];
