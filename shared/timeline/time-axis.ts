/** The narrowest window a view zooms to, in ms: below this a capture's clock has no more detail. */
export const MIN_VIEW_MS = 0.5;

/** A window onto the time axis, in ms from the capture's origin. */
export interface TimeWindow { from: number; to: number }

/** The whole capture, with a little room on the right so the last mark is not on the edge. */
export function fullWindow(span: number): TimeWindow {
  const width = Math.max(span, 1);
  return { from: 0, to: width * 1.02 };
}

/** Keeps a window inside [0, the full window], at least MIN_VIEW_MS wide. */
export function clampWindow(view: TimeWindow, span: number): TimeWindow {
  const full = fullWindow(span);
  const width = Math.min(full.to - full.from, Math.max(MIN_VIEW_MS, view.to - view.from));
  let from = Math.max(full.from, view.from);
  if (from + width > full.to) from = full.to - width;
  return { from, to: from + width };
}

/** Zooms by `factor` (< 1 zooms in) keeping the moment `at` under the same pixel. */
export function zoomAt(view: TimeWindow, at: number, factor: number, span: number): TimeWindow {
  const from = at - (at - view.from) * factor;
  const to = at + (view.to - at) * factor;
  return clampWindow({ from, to }, span);
}

export function panBy(view: TimeWindow, deltaMs: number, span: number): TimeWindow {
  return clampWindow({ from: view.from + deltaMs, to: view.to + deltaMs }, span);
}

/** The same width, centred on `at` (a minimap click, a chosen frame). */
export function centreOn(view: TimeWindow, at: number, span: number): TimeWindow {
  const half = (view.to - view.from) / 2;
  return clampWindow({ from: at - half, to: at + half }, span);
}

export function toPx(ms: number, view: TimeWindow, width: number): number {
  return ((ms - view.from) / (view.to - view.from)) * width;
}

export function toMs(px: number, view: TimeWindow, width: number): number {
  return view.from + (px / width) * (view.to - view.from);
}

/** A step of 1, 2 or 5 times a power of ten giving about one label per `minPx` pixels. */
export function tickStep(view: TimeWindow, width: number, minPx = 90): number {
  const raw = ((view.to - view.from) / Math.max(1, width)) * minPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (power * m >= raw) return power * m;
  return power * 10;
}

/** Axis labels for the window: multiples of the step, with text fitted to the step's precision. */
export function axisTicks(view: TimeWindow, width: number): { ms: number; text: string }[] {
  const step = tickStep(view, width);
  const ticks: { ms: number; text: string }[] = [];
  const first = Math.ceil(view.from / step) * step;
  for (let ms = first; ms <= view.to && ticks.length < 200; ms += step) ticks.push({ ms, text: formatAxis(ms, step) });
  return ticks;
}

export function formatAxis(ms: number, step: number): string {
  if (step >= 1000) return `${(ms / 1000).toFixed(step >= 10_000 ? 0 : 1)} s`;
  if (step >= 1) return `${Math.round(ms)} ms`;
  const digits = Math.min(3, Math.max(1, -Math.floor(Math.log10(step))));
  return `${ms.toFixed(digits)} ms`;
}

export function formatSpan(ms: number): string {
  if (ms < 1) return '<1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
