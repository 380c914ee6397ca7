import type { DiagnosisFinding } from '../diagnosis/rules/rule';
import { summarizeEnvelope } from '../frames/summary';
import { buildSequence } from '../timeline/sequence-model';
import { renderSequenceSvg, SEQUENCE_STYLE } from '../timeline/sequence-svg';
import { cellText, environmentLine, evidenceFrames, laneName, redactionLine, type ReportInput } from './report-model';

/** Every string that reaches the page goes through this: server-supplied text is data, never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * Nothing may be fetched: no scripts, images, fonts or stylesheets from anywhere, so the report
 * reads the same offline and in a mail client, and a hostile payload cannot phone home.
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = `
body{font:14px/1.5 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;background:#f6f7f9;color:#1d2330}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px;border-bottom:1px solid #d9dde5;padding-bottom:4px}
.sub{color:#5b6477;margin:0 0 16px}
.verdict{background:#fff;border-left:5px solid #3b6fd8;padding:12px 16px;font-size:16px;border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.verdict.bad{border-left-color:#c8372d}
.questions{background:#fff;margin:8px 0 0;padding:10px 16px;border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.06)}.questions dt{font-weight:600;margin-top:6px}.questions dd{margin:2px 0 0}.questions .seqs{color:#666}
table{border-collapse:collapse;background:#fff;width:100%;font-size:13px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
th,td{border:1px solid #e1e4ea;padding:5px 8px;text-align:left;vertical-align:top}th{background:#eef1f5}
td.present{color:#1d7a3a}td.absent,td.invalid{color:#c8372d;font-weight:600}td.filtered,td.not-loaded{color:#8a6d00}
.finding{background:#fff;border-radius:4px;margin:0 0 14px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06);border-left:5px solid #8892a6}
.finding.error{border-left-color:#c8372d}.finding.warning{border-left-color:#d08a00}.finding.info{border-left-color:#3b6fd8}
.finding h3{font-size:15px;margin:0 0 6px}.sev{font-size:11px;text-transform:uppercase;letter-spacing:.05em;padding:1px 6px;border-radius:3px;background:#eef1f5;margin-right:6px}
.error .sev{background:#fbe3e1;color:#a12a21}.warning .sev{background:#fdf0d5;color:#8a5a00}.info .sev{background:#e3ebfb;color:#2a53a8}
.fix{margin:8px 0}.fix b{color:#1d7a3a}
details{margin:6px 0;border:1px solid #e1e4ea;border-radius:4px}summary{cursor:pointer;padding:4px 8px;background:#f3f5f8;font-size:12px}
pre{margin:0;padding:8px;overflow:auto;max-height:320px;font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;word-break:break-all}
.muted{color:#5b6477;font-size:12px}
.sequence{overflow-x:auto;background:#fff;border-radius:4px;box-shadow:0 1px 2px rgba(0,0,0,.06);margin:0 0 14px}
.sequence h3{font-size:15px;margin:0;padding:10px 16px 0}.sequence .sq-msg,.sequence .sq-more{cursor:default}
`;

/** The questions the diagnosis answered from the frames (why fewer tools, protocol or SSE, capability flags), under the verdict. */
function questionsHtml(questions: ReportInput['diagnosis']['questions']): string {
  if (questions.length === 0) return '';
  return `<dl class="questions">${questions.map((q) => `<dt>${escapeHtml(q.question)}</dt><dd>${escapeHtml(q.answer)}${q.evidence.length ? ` <span class="seqs">(seq ${q.evidence.join(', ')})</span>` : ''}</dd>`).join('')}</dl>`;
}

function section(title: string, body: string): string {
  return `<h2>${escapeHtml(title)}</h2>\n${body}`;
}

function findingHtml(finding: DiagnosisFinding, bySeq: Parameters<typeof evidenceFrames>[1]): string {
  const { shown, more } = evidenceFrames(finding.evidence, bySeq);
  const frames = shown.map((frame, index) => `<details${index === 0 ? ' open' : ''}><summary>seq ${frame.seq} · ${escapeHtml(frame.lane)} · ${escapeHtml(frame.layer)} · ${escapeHtml(frame.dir)} · ${escapeHtml(frame.label)}</summary><pre>${escapeHtml(frame.excerpt)}${frame.cut ? '\n…' : ''}</pre></details>`).join('\n');
  return [
    `<div class="finding ${finding.severity}">`,
    `<h3><span class="sev">${finding.severity}</span>${escapeHtml(finding.title)}</h3>`,
    `<div>${escapeHtml(finding.detail)}</div>`,
    `<div class="fix"><b>Fix:</b> ${escapeHtml(finding.fix)}</div>`,
    frames,
    more.length ? `<div class="muted">More evidence in the capture: seq ${more.join(', ')}</div>` : '',
    '</div>',
  ].filter(Boolean).join('\n');
}

/**
 * One sequence diagram per lane, the same SVG the app draws and exports. Its stylesheet is put
 * once in the page's head, so a long report does not repeat it per lane.
 */
function sequencesHtml({ diagnosis, envelopes, manifest }: ReportInput): string {
  if (diagnosis.views.length === 0) return '<p>No lane ran.</p>';
  const rows = envelopes.map(summarizeEnvelope);
  return diagnosis.views.map((view) => {
    const model = buildSequence(rows, view.lane, { emulated: manifest.capture.emulated, start: 0 });
    const title = `Sequence of the ${laneName(view.lane)} lane`;
    const svg = renderSequenceSvg(model, { title, idPrefix: `report-sq-${view.lane}`, embedStyle: false, interactive: false });
    return `<div class="sequence" data-lane="${escapeHtml(view.lane)}"><h3>${escapeHtml(laneName(view.lane))} · ${model.total} message${model.total === 1 ? '' : 's'}</h3>\n${svg}</div>`;
  }).join('\n');
}

/** report.html: one file, all CSS inline, no script and no resource to load. */
export function buildReportHtml({ diagnosis, envelopes, manifest }: ReportInput): string {
  const bySeq = new Map(envelopes.map((e) => [e.seq, e]));
  const lanes = `<table><tr><th>lane</th><th>status</th><th>tools</th><th>error</th></tr>${diagnosis.views.map((v) => `<tr><td>${escapeHtml(laneName(v.lane))}</td><td>${v.status}</td><td>${v.toolsState === 'listed' ? v.tools.length : escapeHtml(v.toolsState)}</td><td>${escapeHtml(v.error?.message ?? '')}</td></tr>`).join('')}</table>`;
  const findings = diagnosis.findings.length ? diagnosis.findings.map((f) => findingHtml(f, bySeq)).join('\n') : '<p>No findings.</p>';
  const { matrix } = diagnosis;
  const matrixHtml = matrix.rows.length === 0
    ? '<p>No lane listed any tool.</p>'
    : `<table><tr><th>tool</th>${matrix.lanes.map((l) => `<th>${escapeHtml(laneName(l))}${l === matrix.reference ? ' (reference)' : ''}</th>`).join('')}</tr>${matrix.rows.map((row) => `<tr><td><code>${escapeHtml(row.name)}</code></td>${matrix.lanes.map((l) => `<td class="${row.cells[l]?.state ?? ''}">${escapeHtml(cellText(row.cells[l]))}</td>`).join('')}</tr>`).join('')}</table>`;
  const sequences = sequencesHtml({ diagnosis, envelopes, manifest });
  const about = `<ul><li>${escapeHtml(environmentLine(manifest))}</li><li>Capture ${escapeHtml(manifest.capture.file)}: ${manifest.capture.envelopes} frames, recorded ${escapeHtml(manifest.capture.createdAt)}${manifest.capture.emulated ? ', OpenAI lanes against the local emulator' : ''}</li><li>${escapeHtml(redactionLine(manifest))}</li></ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>MCP Parallax report</title>
<style>${STYLE}${SEQUENCE_STYLE}</style></head>
<body><main>
<h1>MCP Parallax report</h1>
<p class="sub">Bundle created ${escapeHtml(manifest.createdAt)} · ${diagnosis.findings.length} finding(s)</p>
<div class="verdict${diagnosis.differs ? ' bad' : ''}">${escapeHtml(diagnosis.verdict)}</div>
${questionsHtml(diagnosis.questions)}
${section('Lanes', lanes)}
${section(`Findings (${diagnosis.findings.length})`, findings)}
${section('Tool matrix', matrixHtml)}
${section('Sequence of each lane', sequences)}
${section('About this bundle', about)}
</main></body></html>
`;
}
