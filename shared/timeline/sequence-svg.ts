import { escapeXml } from '../text/escape-xml';
import { formatBytes } from '../text/format-bytes';
import type { SequenceMessage, SequenceModel } from './sequence-model';

/**
 * A sequence model as one standalone SVG document, as text: the renderer shows it and exports it,
 * a bundle's report.html embeds it. Colours come from the app's CSS variables where they exist and
 * fall back to a light theme, so the same text reads well in both. Every label is escaped: payload
 * text is data, never markup.
 */

export interface SequenceSvgOptions {
  selected?: number | null;
  highlight?: ReadonlySet<number>;
  /** Prefix for ids inside the SVG (arrowhead markers), unique per SVG on one page. */
  idPrefix?: string;
  title?: string;
  /**
   * Put the stylesheet inside the SVG (a standalone file, report.html). The app leaves it out:
   * its Content-Security-Policy refuses inline styles, so styles.css carries the same rules.
   */
  embedStyle?: boolean;
  /**
   * Messages are focusable buttons that select their frame (the app). A report has nothing to
   * select, so it draws them as plain graphics and says where the rest of the lane is.
   */
  interactive?: boolean;
}

export const SQ_GUTTER = 86;
export const SQ_COLUMN = 230;
export const SQ_HEAD = 54;
export const SQ_ROW = 26;
const SQ_MORE = 22;


function atText(message: SequenceMessage): string {
  if (message.at === undefined) return 'no time';
  return message.at < 1000 ? `+${Math.round(message.at)} ms` : `+${(message.at / 1000).toFixed(2)} s`;
}

function clip(text: string, chars: number): string {
  return text.length <= chars ? text : `${text.slice(0, Math.max(1, chars - 1))}…`;
}

/** What the arrow says: label, HTTP status and size (how it travelled is in its tooltip). */
export function messageText(message: SequenceMessage): string {
  const parts = [message.label];
  if (message.httpStatus !== undefined && !message.label.startsWith(String(message.httpStatus))) parts.push(String(message.httpStatus));
  parts.push(formatBytes(message.size));
  return parts.join(' · ');
}

function tooltipOf(message: SequenceMessage): string {
  const via = message.transport && message.transport !== message.label ? ` (${message.transport})` : '';
  return `#${message.seq} ${messageText(message)}${via}${message.untimed ? ' (no usable time: placed by capture order)' : ''}`;
}

/** The diagram's look: embedded in exported SVGs, and adopted as a stylesheet by the app, whose CSP forbids inline <style>. */
export const SEQUENCE_STYLE = `
.sq-bg{fill:var(--bg,#ffffff)}
.sq-head rect{fill:var(--panel,#f5f7fa);stroke:var(--border,#d5dbe3)}
.sq-head text{fill:var(--text,#1c2330);font-weight:600}
.sq-life{stroke:var(--border,#c9d0da);stroke-dasharray:4 4}
.sq text{font:11px ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace;fill:var(--text,#1c2330)}
.sq-at{fill:var(--muted,#5b6676)}
.sq-msg{cursor:pointer}
.sq-msg line{stroke:var(--layer-jsonrpc,#7a4fc4);stroke-width:1.4}
.sq-msg.in line{stroke:var(--layer-http,#1f6fc4)}
.sq-msg.large line{stroke-width:3.5}
.sq-msg.error line{stroke:var(--error,#c42b2b)}.sq-msg.error text{fill:var(--error,#c42b2b)}
.sq-msg.invalid line{stroke:var(--warn,#9a5b00);stroke-dasharray:3 2}
.sq-msg.untimed .sq-at{fill:var(--warn,#9a5b00);font-style:italic}
.sq-msg .sq-hit{fill:transparent}
.sq-msg:hover .sq-hit,.sq-msg:focus .sq-hit{fill:var(--row-hover,#eef3fa)}
.sq-msg.evidence .sq-hit{fill:var(--row-evidence,#fff3d6)}
.sq-msg.selected .sq-hit{fill:var(--row-selected,#dbe9fb)}
.sq-msg:focus{outline:none}
.sq-note rect{fill:var(--badge-bg,#e6eaf0);stroke:var(--border,#d5dbe3)}
.sq-note text{fill:var(--muted,#5b6676)}
.sq-via{fill:var(--bg,#ffffff);stroke:var(--muted,#5b6676)}
.sq-msg .sq-reported{stroke:var(--muted,#5b6676);stroke-dasharray:2 3}
.sq-more{cursor:pointer}.sq-more rect{fill:var(--panel,#f5f7fa);stroke:var(--border,#d5dbe3)}.sq-more text{fill:var(--accent,#0b63c9)}
`;

/** Pixel width and height the SVG needs. */
export function sequenceSize(model: SequenceModel): { width: number; height: number } {
  const width = SQ_GUTTER + model.participants.length * SQ_COLUMN + 10;
  const height = SQ_HEAD + SQ_MORE + Math.max(1, model.messages.length) * SQ_ROW + SQ_MORE + 8;
  return { width, height };
}

const centre = (index: number) => SQ_GUTTER + index * SQ_COLUMN + SQ_COLUMN / 2;

export function renderSequenceSvg(model: SequenceModel, options: SequenceSvgOptions = {}): string {
  const id = options.idPrefix ?? `sq-${model.lane}`;
  const { width, height } = sequenceSize(model);
  const top = SQ_HEAD + SQ_MORE;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="sq" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="group" aria-label="${escapeXml(options.title ?? `Sequence of the ${model.lane} lane`)}" data-lane="${model.lane}" data-total="${model.total}" data-before="${model.before}" data-after="${model.after}">`);
  if (options.embedStyle !== false) out.push(`<style>${SEQUENCE_STYLE}</style>`);
  out.push(`<defs><marker id="${id}-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="context-stroke"/></marker></defs>`);
  out.push(`<rect class="sq-bg" width="${width}" height="${height}"/>`);
  if (options.title) out.push(`<title>${escapeXml(options.title)}</title>`);
  model.participants.forEach((p, i) => {
    const x = centre(i);
    out.push(`<g class="sq-head" data-role="${p.role}"><rect x="${x - SQ_COLUMN / 2 + 8}" y="8" width="${SQ_COLUMN - 16}" height="30" rx="4"/><text x="${x}" y="27" text-anchor="middle">${escapeXml(clip(p.name, 30))}</text></g>`);
    out.push(`<line class="sq-life" x1="${x}" y1="38" x2="${x}" y2="${height - 4}"/>`);
  });
  const interactive = options.interactive !== false;
  if (model.before > 0) out.push(moreMarker('before', model.before, SQ_HEAD - 2, width, interactive));
  if (model.messages.length === 0) out.push(`<text x="${SQ_GUTTER}" y="${top + 16}" class="sq-at">No frames in this lane.</text>`);
  model.messages.forEach((message, row) => out.push(messageSvg(message, top + row * SQ_ROW, width, id, options)));
  if (model.after > 0) out.push(moreMarker('after', model.after, top + model.messages.length * SQ_ROW + 2, width, interactive));
  out.push('</svg>');
  return out.join('\n');
}

function moreMarker(side: 'before' | 'after', count: number, y: number, width: number, interactive: boolean): string {
  const text = `${count.toLocaleString('en')} ${side === 'before' ? 'earlier' : 'later'} message${count === 1 ? '' : 's'} not drawn${interactive ? '' : ' (they are in the capture)'}`;
  return `<g class="sq-more" data-page="${side}"${interactive ? ' role="button" tabindex="0"' : ''}><rect x="${SQ_GUTTER}" y="${y}" width="${width - SQ_GUTTER - 10}" height="${SQ_MORE - 4}" rx="3"/><text x="${SQ_GUTTER + 8}" y="${y + 13}">${side === 'before' ? '▲' : '▼'} ${text}</text></g>`;
}

function messageSvg(message: SequenceMessage, y: number, width: number, id: string, options: SequenceSvgOptions): string {
  const classes = ['sq-msg', message.kind];
  if (message.from > message.to) classes.push('in');
  if (message.error) classes.push('error');
  if (message.invalid) classes.push('invalid');
  if (message.large) classes.push('large');
  if (message.untimed) classes.push('untimed');
  if (options.selected === message.seq || (message.carrierSeq !== undefined && options.selected === message.carrierSeq)) classes.push('selected');
  if (options.highlight?.has(message.seq) || (message.carrierSeq !== undefined && options.highlight?.has(message.carrierSeq))) classes.push('evidence');
  const text = messageText(message);
  const name = tooltipOf(message);
  const parts: string[] = [];
  parts.push(`<g class="${classes.join(' ')}" data-seq="${message.seq}"${message.carrierSeq !== undefined ? ` data-carrier="${message.carrierSeq}"` : ''} data-label="${escapeXml(message.label)}"${options.interactive === false ? ' role="img"' : ' role="button" tabindex="0"'} aria-label="${escapeXml(name)}">`);
  parts.push(`<title>${escapeXml(name)}</title>`);
  parts.push(`<rect class="sq-hit" x="0" y="${y}" width="${width}" height="${SQ_ROW}"/>`);
  parts.push(`<text class="sq-at" x="6" y="${y + 17}">${escapeXml(message.untimed ? '≈ by order' : atText(message))}</text>`);
  if (message.kind === 'note') {
    // A note keeps to its own column, clear of the time gutter.
    const chars = Math.floor((SQ_COLUMN - 22) / 6.6);
    const label = clip(text, chars);
    const w = label.length * 6.6 + 12;
    const x = Math.max(centre(message.from), SQ_GUTTER + 4 + w / 2);
    parts.push(`<g class="sq-note"><rect x="${x - w / 2}" y="${y + 4}" width="${w}" height="${SQ_ROW - 8}" rx="3"/><text x="${x}" y="${y + 17}" text-anchor="middle">${escapeXml(label)}</text></g>`);
  } else {
    const x1 = centre(message.from);
    const x2 = centre(message.to);
    const lineY = y + SQ_ROW - 6;
    parts.push(`<line x1="${x1}" y1="${lineY}" x2="${x2}" y2="${lineY}" marker-end="url(#${id}-head)"/>`);
    if (message.via !== undefined) parts.push(`<circle class="sq-via" cx="${centre(message.via)}" cy="${lineY}" r="3.5"/>`);
    const span = Math.abs(message.to - message.from) * SQ_COLUMN;
    const label = clip(text, Math.floor((span - 12) / 6.6));
    parts.push(`<text x="${(x1 + x2) / 2}" y="${lineY - 5}" text-anchor="middle">${escapeXml(label)}</text>`);
    if (message.reportsServer) {
      const provider = Math.max(message.from, message.to);
      parts.push(`<line class="sq-reported" x1="${centre(provider)}" y1="${lineY}" x2="${centre(provider + 1)}" y2="${lineY}"><title>OpenAI's own exchange with the MCP server, as it reported it</title></line>`);
    }
  }
  parts.push('</g>');
  return parts.join('');
}
