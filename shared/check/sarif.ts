import type { CheckOutcome, Severity } from './check-policy';

/** SARIF 2.1.0 levels for our severities: `info` is SARIF's `note`. */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export interface SarifOptions {
  toolVersion: string;
  /** The capture the evidence seqs point into, as the reader should find it (a path relative to the repository is best). */
  captureUri: string;
}

/**
 * A SARIF 2.1.0 log (OASIS "Static Analysis Results Interchange Format", errata 01): one run,
 * one rule per finding id, one result per problem. Results point at the capture file; the frames
 * that show them are in `properties.evidenceSeqs`, since a capture's seqs are not source lines.
 */
export function toSarif(outcome: CheckOutcome, options: SarifOptions): Record<string, unknown> {
  const ruleIds = [...new Set(outcome.problems.map((p) => p.id))];
  const rules = ruleIds.map((id) => {
    const first = outcome.problems.find((p) => p.id === id);
    return {
      id,
      shortDescription: { text: first?.title ?? id },
      help: { text: first?.fix ?? '' },
      defaultConfiguration: { level: LEVEL[first?.severity ?? 'info'] },
    };
  });
  const results = outcome.problems.map((p) => ({
    ruleId: p.id,
    ruleIndex: ruleIds.indexOf(p.id),
    level: LEVEL[p.severity],
    message: { text: `${p.title}. ${p.detail} Fix: ${p.fix}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: options.captureUri, index: 0 } },
      ...(p.lanes.length ? { logicalLocations: p.lanes.map((lane) => ({ name: lane, kind: 'module' })) } : {}),
    }],
    // Against a baseline every reported problem is new by construction.
    ...(outcome.baseline ? { baselineState: 'new' } : {}),
    properties: { evidenceSeqs: p.evidence, lanes: p.lanes, failsCheck: p.failing },
  }));
  return {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'MCP Parallax', version: options.toolVersion, informationUri: 'https://github.com/mcp-parallax/mcp-parallax', rules } },
      artifacts: [{ location: { uri: options.captureUri }, mimeType: 'application/x-ndjson', description: { text: `MCP Parallax capture of ${outcome.target}` } }],
      results,
      invocations: [{ executionSuccessful: true, properties: { target: outcome.target, failOn: outcome.failOn, passed: outcome.passed, ...(outcome.baseline ? { baseline: outcome.baseline } : {}) } }],
    }],
  };
}

