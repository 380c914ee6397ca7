import type { LaneId } from '../../../shared/capture/envelope';
import { axisTicks, formatSpan, toPx, type TimeWindow } from '../../../shared/timeline/time-axis';
import { visibleRange, type TimeItem, type TimeModel } from '../../../shared/timeline/time-model';
import { formatBytes } from './format';

export const MINIMAP_H = 30;
export const AXIS_H = 20;
export const LABEL_W = 92;
const TICK_H = 12;
const TRACK_H = 17;
const LANE_PAD = 6;

export interface Palette { bg: string; panel: string; border: string; text: string; muted: string; accent: string; warn: string; error: string; ok: string; evidence: string; layers: Record<string, string> }

/** Colours from the stylesheet's variables, so the canvas follows the theme. */
export function readPalette(element: Element): Palette {
  const css = getComputedStyle(element);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    bg: v('--bg'), panel: v('--panel'), border: v('--border'), text: v('--text'), muted: v('--muted'),
    accent: v('--accent'), warn: v('--warn'), error: v('--error'), ok: v('--ok'), evidence: v('--row-evidence'),
    layers: { http: v('--layer-http'), jsonrpc: v('--layer-jsonrpc'), sse: v('--layer-sse'), ws: v('--layer-ws'), stderr: v('--layer-stderr'), meta: v('--muted') },
  };
}

export interface LaneBand { lane: LaneId; top: number; height: number }

/** Where each lane's swimlane sits below the minimap and the axis. */
export function laneBands(model: TimeModel): LaneBand[] {
  let top = MINIMAP_H + AXIS_H;
  return model.lanes.map((lane, i) => {
    const height = LANE_PAD * 2 + TICK_H + TRACK_H * (model.tracks[i] ?? 1);
    const band = { lane, top, height };
    top += height;
    return band;
  });
}

/** The rectangle an item is drawn in (ticks are 3 px wide), in canvas pixels. */
export function itemBox(item: TimeItem, bands: LaneBand[], view: TimeWindow, plotWidth: number): { x: number; y: number; w: number; h: number } {
  const band = bands[item.lane];
  const top = (band?.top ?? 0) + LANE_PAD;
  const x = LABEL_W + toPx(item.start, view, plotWidth);
  if (item.kind === 'tick') return { x: x - 1, y: top, w: 3, h: TICK_H - 2 };
  const w = Math.max(2, LABEL_W + toPx(item.end, view, plotWidth) - x);
  return { x, y: top + TICK_H + item.track * TRACK_H, w, h: TRACK_H - 3 };
}

export interface DrawState {
  model: TimeModel;
  view: TimeWindow;
  width: number;
  height: number;
  selected: number | null;
  highlight: ReadonlySet<number>;
  palette: Palette;
}

/** Draws the whole view; the work is bounded by the visible items, and ticks by one per pixel. */
export function drawTimeView(ctx: CanvasRenderingContext2D, state: DrawState): { drawn: number } {
  const { model, view, width, height, palette } = state;
  const plotWidth = Math.max(1, width - LABEL_W);
  const bands = laneBands(model);
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, width, height);
  ctx.font = '11px ui-monospace, "DejaVu Sans Mono", monospace';
  ctx.textBaseline = 'middle';

  drawMinimap(ctx, state, bands, plotWidth);

  // Axis and grid lines.
  ctx.fillStyle = palette.panel;
  ctx.fillRect(0, MINIMAP_H, width, AXIS_H);
  ctx.strokeStyle = palette.border;
  ctx.lineWidth = 1;
  for (const tick of axisTicks(view, plotWidth)) {
    const x = Math.round(LABEL_W + toPx(tick.ms, view, plotWidth)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(x, MINIMAP_H + AXIS_H - 5);
    ctx.lineTo(x, height);
    ctx.globalAlpha = 0.5;
    ctx.stroke();
    ctx.globalAlpha = 1;
    ctx.fillStyle = palette.muted;
    ctx.fillText(tick.text, x + 3, MINIMAP_H + AXIS_H / 2);
  }

  // Idle gaps, hatched and labelled with their length.
  for (const gap of model.gaps) {
    const x1 = LABEL_W + toPx(gap.from, view, plotWidth);
    const x2 = LABEL_W + toPx(gap.to, view, plotWidth);
    if (x2 < LABEL_W || x1 > width) continue;
    const top = MINIMAP_H + AXIS_H;
    ctx.fillStyle = palette.panel;
    ctx.globalAlpha = 0.7;
    ctx.fillRect(Math.max(LABEL_W, x1), top, Math.min(width, x2) - Math.max(LABEL_W, x1), height - top);
    ctx.globalAlpha = 1;
    const label = `idle ${formatSpan(gap.to - gap.from)}`;
    if (x2 - x1 > ctx.measureText(label).width + 8) {
      ctx.fillStyle = palette.muted;
      ctx.fillText(label, Math.max(LABEL_W, x1) + 4, top + 10);
    }
  }

  // Lane bands and names.
  bands.forEach((band, i) => {
    ctx.fillStyle = i % 2 === 0 ? palette.bg : palette.panel;
    ctx.globalAlpha = 0.6;
    ctx.fillRect(LABEL_W, band.top, plotWidth, band.height);
    ctx.globalAlpha = 1;
    ctx.fillStyle = palette.panel;
    ctx.fillRect(0, band.top, LABEL_W, band.height);
    ctx.strokeStyle = palette.border;
    ctx.beginPath();
    ctx.moveTo(0, band.top + band.height - 0.5);
    ctx.lineTo(width, band.top + band.height - 0.5);
    ctx.stroke();
    ctx.fillStyle = palette.text;
    ctx.fillText(band.lane, 8, band.top + 12);
  });

  const [first, last] = visibleRange(model, view.from, view.to);
  const lastTickPx = new Float64Array(model.lanes.length).fill(-Infinity);
  let drawn = 0;
  ctx.save();
  ctx.beginPath();
  ctx.rect(LABEL_W, MINIMAP_H + AXIS_H, plotWidth, height);
  ctx.clip();
  for (let i = first; i < last; i++) {
    const item = model.items[i];
    if (!item || item.end < view.from) continue;
    const box = itemBox(item, bands, view, plotWidth);
    const marked = item.seq === state.selected || state.highlight.has(item.seq);
    if (item.kind === 'tick') {
      // Ticks closer than a pixel look the same: draw one unless it is marked.
      const px = Math.floor(box.x);
      if (!marked && px === lastTickPx[item.lane]) continue;
      lastTickPx[item.lane] = px;
    }
    drawn++;
    ctx.fillStyle = item.status === 'error' ? palette.error : item.status === 'invalid' ? palette.warn : palette.layers[item.layer] || palette.accent;
    if (item.displaced) ctx.globalAlpha = 0.5;
    ctx.fillRect(box.x, box.y, box.w, box.h);
    ctx.globalAlpha = 1;
    if (marked) {
      ctx.strokeStyle = item.seq === state.selected ? palette.accent : palette.warn;
      ctx.lineWidth = 2;
      ctx.strokeRect(box.x - 2, box.y - 2, box.w + 4, box.h + 4);
      ctx.lineWidth = 1;
    }
    if (item.kind === 'bar' && box.w > 40) {
      const text = barLabel(item, ctx, box.w - 8);
      if (text) {
        ctx.fillStyle = palette.bg;
        ctx.fillText(text, Math.max(box.x, LABEL_W) + 4, box.y + box.h / 2);
      }
    }
  }
  ctx.restore();
  return { drawn };
}

/** The bar's label with its duration, shortened to fit; when nothing fits, its size alone. */
function barLabel(item: TimeItem, ctx: CanvasRenderingContext2D, room: number): string {
  const full = `${item.label} · ${formatSpan(item.end - item.start)}`;
  if (ctx.measureText(full).width <= room) return full;
  const bySize = formatBytes(item.size);
  let text = item.label;
  while (text.length > 3 && ctx.measureText(`${text}…`).width > room) text = text.slice(0, Math.floor(text.length * 0.8));
  if (text.length > 3) return `${text}…`;
  return ctx.measureText(bySize).width <= room ? bySize : '';
}

/** The whole capture at a glance: per-lane density, with the current window outlined. */
function drawMinimap(ctx: CanvasRenderingContext2D, state: DrawState, bands: LaneBand[], plotWidth: number): void {
  const { model, view, palette } = state;
  const full = { from: 0, to: Math.max(1, model.span) * 1.02 };
  ctx.fillStyle = palette.panel;
  ctx.fillRect(0, 0, state.width, MINIMAP_H);
  ctx.fillStyle = palette.muted;
  ctx.fillText(`${formatSpan(model.span)} total`, 6, MINIMAP_H / 2);
  const rowH = Math.max(2, Math.floor((MINIMAP_H - 6) / Math.max(1, bands.length)));
  const columns = Math.max(1, Math.floor(plotWidth));
  const { counts, peak } = densityOf(model, columns, full);
  ctx.fillStyle = palette.accent;
  for (let lane = 0; lane < bands.length; lane++) {
    for (let col = 0; col < columns; col++) {
      const n = counts[lane * columns + col] ?? 0;
      if (n === 0) continue;
      ctx.globalAlpha = 0.35 + 0.65 * Math.log1p(n) / Math.log1p(peak);
      ctx.fillRect(LABEL_W + col, 3 + lane * rowH, 1, rowH - 1);
    }
  }
  ctx.globalAlpha = 1;
  const x1 = LABEL_W + toPx(view.from, full, plotWidth);
  const x2 = LABEL_W + toPx(view.to, full, plotWidth);
  ctx.strokeStyle = palette.warn;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(x1 + 0.5, 1.5, Math.max(3, x2 - x1 - 1), MINIMAP_H - 3);
  ctx.lineWidth = 1;
}

const densities = new WeakMap<TimeModel, { columns: number; counts: Uint32Array; peak: number }>();

/** Items per lane per minimap column, counted once per model and width rather than every frame. */
function densityOf(model: TimeModel, columns: number, full: TimeWindow): { counts: Uint32Array; peak: number } {
  const known = densities.get(model);
  if (known && known.columns === columns) return known;
  const counts = new Uint32Array(columns * Math.max(1, model.lanes.length));
  let peak = 1;
  for (const item of model.items) {
    const col = Math.min(columns - 1, Math.max(0, Math.floor(toPx(item.start, full, columns))));
    const at = item.lane * columns + col;
    const n = (counts[at] ?? 0) + 1;
    counts[at] = n;
    if (n > peak) peak = n;
  }
  const density = { columns, counts, peak };
  densities.set(model, density);
  return density;
}
