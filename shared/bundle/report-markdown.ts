import { cellText, environmentLine, evidenceFrames, laneName, redactionLine, type ReportInput } from './report-model';

/** Server-supplied text may hold Markdown or HTML; escaped so it reads as written and renders nothing. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A fence longer than any backtick run in the text, so a payload cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

export function buildReportMarkdown({ diagnosis, envelopes, manifest }: ReportInput): string {
  const bySeq = new Map(envelopes.map((e) => [e.seq, e]));
  const out: string[] = ['# MCP Parallax report', '', `**Verdict:** ${escapeMarkdown(diagnosis.verdict)}`, ''];
  for (const q of diagnosis.questions) out.push(`**Q: ${escapeMarkdown(q.question)}**`, '', `${escapeMarkdown(q.answer)}${q.evidence.length ? ` (seq ${q.evidence.join(', ')})` : ''}`, '');
  out.push('## Lanes', '', '| lane | status | tools | error |', '|---|---|---|---|');
  for (const view of diagnosis.views) {
    out.push(`| ${laneName(view.lane)} | ${view.status} | ${view.toolsState === 'listed' ? view.tools.length : view.toolsState} | ${escapeMarkdown(view.error?.message ?? '')} |`);
  }
  out.push('', `## Findings (${diagnosis.findings.length})`, '');
  if (diagnosis.findings.length === 0) out.push('No findings.', '');
  for (const finding of diagnosis.findings) {
    out.push(`### ${finding.severity.toUpperCase()}: ${escapeMarkdown(finding.title)}`, '', escapeMarkdown(finding.detail), '', `**Fix:** ${escapeMarkdown(finding.fix)}`, '');
    const { shown, more } = evidenceFrames(finding.evidence, bySeq);
    for (const frame of shown) {
      const marks = fence(frame.excerpt);
      out.push(`Evidence seq ${frame.seq} (${frame.lane}, ${frame.layer}, ${frame.dir}): ${escapeMarkdown(frame.label)}`, '', marks, frame.excerpt, ...(frame.cut ? ['…'] : []), marks, '');
    }
    if (more.length) out.push(`More evidence: seq ${more.join(', ')}.`, '');
  }
  const { matrix } = diagnosis;
  out.push('## Tool matrix', '');
  if (matrix.rows.length === 0) {
    out.push('No lane listed any tool.', '');
  } else {
    out.push(`| tool | ${matrix.lanes.map(laneName).join(' | ')} |`, `|---|${matrix.lanes.map(() => '---').join('|')}|`);
    for (const row of matrix.rows) out.push(`| ${escapeMarkdown(row.name)} | ${matrix.lanes.map((lane) => cellText(row.cells[lane])).join(' | ')} |`);
    out.push('');
  }
  out.push('## About this bundle', '', `- ${environmentLine(manifest)}`, `- Capture: ${manifest.capture.file}, ${manifest.capture.envelopes} frames, recorded ${manifest.capture.createdAt}${manifest.capture.emulated ? ', OpenAI lanes against the local emulator' : ''}`, `- ${redactionLine(manifest)}`, '');
  return out.join('\n');
}
