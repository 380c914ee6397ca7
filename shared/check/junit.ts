import { LANE_NAMES } from '../diagnosis/views/build-views';
import type { CheckOutcome } from './check-policy';
import { escapeXml } from '../text/escape-xml';

/**
 * JUnit XML as CI systems read it (the Ant/Surefire shape: testsuites > testsuite > testcase with
 * failure). One test case per lane (did it run and list tools) and one per problem; a problem
 * below the `--fail-on` level passes, with its text in system-out.
 */
export function toJunit(outcome: CheckOutcome): string {
  const cases: string[] = [];
  for (const lane of outcome.lanes) {
    const name = `${LANE_NAMES[lane.lane]} lane lists the server's tools`;
    const failed = lane.status === 'failed';
    cases.push(`    <testcase classname="parallax.lanes" name="${escapeXml(name)}">${failed ? `<failure message="${escapeXml(`${LANE_NAMES[lane.lane]} lane failed`)}" type="lane-failed"/>` : `<system-out>${escapeXml(`${lane.status}, ${lane.tools} tool(s)`)}</system-out>`}</testcase>`);
  }
  for (const p of outcome.problems) {
    const body = `${p.detail}\nevidence: seq ${p.evidence.join(', ') || 'none'}\nfix: ${p.fix}`;
    cases.push(`    <testcase classname="parallax.findings.${escapeXml(p.lanes.join('.') || 'capture')}" name="${escapeXml(`${p.id}: ${p.title}`)}">${p.failing
      ? `<failure message="${escapeXml(p.title)}" type="${escapeXml(`${p.severity}:${p.id}`)}">${escapeXml(body)}</failure>`
      : `<system-out>${escapeXml(`[${p.severity}] ${body}`)}</system-out>`}</testcase>`);
  }
  const failures = outcome.problems.filter((p) => p.failing).length + outcome.lanes.filter((l) => l.status === 'failed').length;
  const tests = cases.length;
  const suite = `  <testsuite name="${escapeXml(`parallax check ${outcome.target}`)}" tests="${tests}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="MCP Parallax" tests="${tests}" failures="${failures}" errors="0">\n${suite}\n</testsuites>\n`;
}
