import { escapeHtml } from '../bundle/report-html';
import { quoteJson } from '../diagnosis/json';
import { LANE_NAMES } from '../diagnosis/views/build-views';
import type { CaptureDiff, FindingRef, LaneDiff, ValueChange } from './capture-diff';

const shown = <T>(v: T | undefined): string => (v === undefined ? 'none' : String(v));
const change = <T>(label: string, c: ValueChange<T> | undefined): string[] => (c ? [`${label}: ${shown(c.before)} -> ${shown(c.after)}`] : []);

/** The lines of one lane's differences, shared by the text and HTML reports. */
function laneLines(lane: LaneDiff): string[] {
  const lines: string[] = [];
  if (lane.status.before !== lane.status.after) {
    lines.push(lane.status.before === undefined ? `lane added (${shown(lane.status.after)})` : lane.status.after === undefined ? `lane no longer run (was ${lane.status.before})` : `status: ${lane.status.before} -> ${lane.status.after}`);
  }
  for (const name of lane.added) lines.push(`+ tool ${name}`);
  for (const name of lane.removed) lines.push(`- tool ${name}`);
  for (const tool of lane.changed) {
    for (const field of tool.fields) {
      const where = field.paths.filter((p) => p !== '/').join(', ');
      lines.push(`~ tool ${tool.name}: ${field.field}${where ? ` at ${where}` : ''}: ${quoteJson(field.before, 120)} -> ${quoteJson(field.after, 120)} (seq ${tool.evidence.before} -> ${tool.evidence.after})`);
    }
  }
  lines.push(...change('transport', lane.transport), ...change('protocol version', lane.protocolVersion), ...change('negotiated via', lane.negotiatedVia));
  if (lane.toolsListedAfterMs) lines.push(`tools listed after: ${shown(lane.toolsListedAfterMs.before)} ms -> ${shown(lane.toolsListedAfterMs.after)} ms`);
  return lines;
}

const findingLine = (sign: string, f: FindingRef): string => `${sign} [${f.severity}] ${f.id}: ${f.title}${f.evidence.length ? ` (seq ${f.evidence.slice(0, 8).join(', ')})` : ''}`;

/** One sentence: what a reader needs first. */
export function diffHeadline(diff: CaptureDiff): string {
  if (diff.same) return 'No difference: the same lanes, tools, findings, negotiation and timing.';
  const parts: string[] = [];
  const added = diff.lanes.reduce((n, l) => n + l.added.length, 0);
  const removed = diff.lanes.reduce((n, l) => n + l.removed.length, 0);
  const changed = diff.lanes.reduce((n, l) => n + l.changed.length, 0);
  if (removed) parts.push(`${removed} tool listing(s) removed`);
  if (added) parts.push(`${added} added`);
  if (changed) parts.push(`${changed} changed`);
  if (diff.findings.appeared.length) parts.push(`${diff.findings.appeared.length} finding(s) appeared`);
  if (diff.findings.resolved.length) parts.push(`${diff.findings.resolved.length} resolved`);
  const other = diff.lanes.filter((l) => l.status.before !== l.status.after || l.transport || l.protocolVersion || l.negotiatedVia || l.toolsListedAfterMs).length;
  if (other) parts.push(`${other} lane(s) with status, negotiation or timing changes`);
  return `Differences: ${parts.join(', ')}.`;
}

export function diffText(diff: CaptureDiff): string {
  const lines = [diffHeadline(diff), '', `before: ${diff.before}`, `after:  ${diff.after}`];
  for (const lane of diff.lanes) {
    lines.push('', `${LANE_NAMES[lane.lane]}:`);
    for (const line of laneLines(lane)) lines.push(`  ${line}`);
  }
  if (diff.findings.appeared.length || diff.findings.resolved.length) {
    lines.push('', 'Findings:');
    for (const f of diff.findings.appeared) lines.push(`  ${findingLine('+', f)}`);
    for (const f of diff.findings.resolved) lines.push(`  ${findingLine('-', f)}`);
  }
  return lines.join('\n');
}

const STYLE = `body{font:14px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;margin:24px 0 8px}
.headline{background:#fff;border-left:5px solid #3b6fd8;padding:12px 16px;border-radius:4px}.headline.bad{border-left-color:#c8372d}
ul{background:#fff;border-radius:4px;padding:10px 10px 10px 30px;margin:0}li{font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;word-break:break-word}
.add{color:#1d7a3a}.del{color:#c8372d}.mod{color:#8a5a00}.muted{color:#5b6477;font-size:12px}`;

const lineClass = (line: string): string => (line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'mod');

/** A self-contained page: no scripts and nothing fetched, so it opens anywhere and a hostile payload stays text. */
export function diffHtml(diff: CaptureDiff): string {
  const list = (lines: string[]) => `<ul>${lines.map((l) => `<li class="${lineClass(l)}">${escapeHtml(l)}</li>`).join('')}</ul>`;
  const sections = diff.lanes.map((lane) => `<h2>${escapeHtml(LANE_NAMES[lane.lane])}</h2>${list(laneLines(lane))}`);
  const findings = [...diff.findings.appeared.map((f) => findingLine('+', f)), ...diff.findings.resolved.map((f) => findingLine('-', f))];
  if (findings.length) sections.push(`<h2>Findings</h2>${list(findings)}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>MCP Parallax diff</title><style>${STYLE}</style></head>
<body><main><h1>MCP Parallax: what changed</h1>
<p class="muted">before: ${escapeHtml(diff.before)}<br>after: ${escapeHtml(diff.after)}<br>timing threshold: ${diff.timingThresholdMs} ms</p>
<div class="headline${diff.same ? '' : ' bad'}">${escapeHtml(diffHeadline(diff))}</div>
${sections.join('\n')}
</main></body></html>
`;
}
