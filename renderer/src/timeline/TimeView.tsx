import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { FrameSummary } from '../../../shared/frames/summary';
import { centreOn, clampWindow, formatSpan, fullWindow, panBy, toMs, zoomAt, type TimeWindow } from '../../../shared/timeline/time-axis';
import { buildTimeModel, visibleRange, type TimeItem } from '../../../shared/timeline/time-model';
import { drawTimeView, itemBox, LABEL_W, laneBands, MINIMAP_H, readPalette } from './draw-time-view';
import { formatBytes } from './format';
import type { AllRows } from './useAllRows';

/** How many of the visible marks are also listed as buttons, for keyboards, screen readers and tests. */
const MAX_LISTED = 120;

export interface TimeViewProps {
  lanes: LaneId[];
  data: AllRows;
  selectedSeq: number | null;
  highlight: number[];
  onSelect: (row: FrameSummary) => void;
}

/**
 * Every lane as a swimlane on one shared time axis, drawn on a canvas: exchanges and
 * request/response pairs as bars with their durations, events as ticks, idle gaps shaded and
 * labelled, with a minimap of the whole capture. Wheel zooms about the pointer, dragging pans.
 */
export function TimeView({ lanes, data, selectedSeq, highlight, onSelect }: TimeViewProps) {
  const model = useMemo(() => buildTimeModel(data.rows, lanes), [data, lanes]);
  const rowsBySeq = useMemo(() => new Map(data.rows.map((r) => [r.seq, r])), [data]);
  const wrap = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [size, setSize] = useState({ width: 800, height: 300 });
  const [view, setView] = useState<TimeWindow | null>(null);
  const [hover, setHover] = useState<TimeItem | null>(null);
  const shown = clampWindow(view ?? fullWindow(model.span), model.span);
  const plotWidth = Math.max(1, size.width - LABEL_W);
  const highlighted = useMemo(() => new Set(highlight), [highlight]);
  const bands = useMemo(() => laneBands(model), [model]);
  const barCount = useMemo(() => model.items.filter((i) => i.kind === 'bar').length, [model]);
  const contentHeight = (bands.at(-1)?.top ?? 0) + (bands.at(-1)?.height ?? 0) + 4;

  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const height = Math.max(size.height, contentHeight);
  const [drawn, setDrawn] = useState(0);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(size.width * dpr);
    el.height = Math.round(height * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const frame = requestAnimationFrame(() => {
      const result = drawTimeView(ctx, { model, view: shown, width: size.width, height, selected: selectedSeq, highlight: highlighted, palette: readPalette(el) });
      setDrawn(result.drawn);
    });
    return () => cancelAnimationFrame(frame);
  }, [model, shown.from, shown.to, size.width, height, selectedSeq, highlighted]); // eslint-disable-line react-hooks/exhaustive-deps -- the window by value, not identity

  // Evidence: bring the first highlighted frame into the window when it changes.
  const highlightKey = `${highlight.join(',')}\n${model.items.length}`;
  const [centredFor, setCentredFor] = useState('');
  if (centredFor !== highlightKey) {
    setCentredFor(highlightKey);
    const item = highlight[0] === undefined ? undefined : model.items.find((i) => i.seq === highlight[0]);
    if (item && (item.start < shown.from || item.start > shown.to)) setView(centreOn(shown, item.start, model.span));
  }

  const hit = useCallback((x: number, y: number): TimeItem | null => {
    if (x < LABEL_W || y < MINIMAP_H) return null;
    const ms = toMs(x - LABEL_W, shown, plotWidth);
    const slack = ((shown.to - shown.from) / plotWidth) * 4;
    const [first, last] = visibleRange(model, ms - slack, ms + slack);
    let best: TimeItem | null = null;
    let bestDistance = Infinity;
    for (let i = first; i < last; i++) {
      const item = model.items[i];
      if (!item) continue;
      const box = itemBox(item, bands, shown, plotWidth);
      if (y < box.y - 2 || y > box.y + box.h + 2) continue;
      const distance = x < box.x ? box.x - x : x > box.x + box.w ? x - box.x - box.w : 0;
      if (distance <= 4 && distance <= bestDistance) {
        best = item;
        bestDistance = distance;
      }
    }
    return best;
  }, [model, bands, shown, plotWidth]);

  const drag = useRef<{ x: number; view: TimeWindow; moved: boolean; minimap: boolean } | null>(null);
  const local = (event: PointerEvent | WheelEvent) => {
    const rect = canvas.current?.getBoundingClientRect();
    return { x: event.clientX - (rect?.left ?? 0), y: event.clientY - (rect?.top ?? 0) };
  };
  const minimapMs = (x: number) => toMs(x - LABEL_W, fullWindow(model.span), plotWidth);

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const { x, y } = local(event);
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const minimap = y < MINIMAP_H;
    drag.current = { x, view: shown, moved: false, minimap };
    if (minimap && x >= LABEL_W) setView(centreOn(shown, minimapMs(x), model.span));
  };
  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    const { x, y } = local(event);
    const state = drag.current;
    if (state) {
      if (Math.abs(x - state.x) > 3) state.moved = true;
      if (state.minimap) {
        if (x >= LABEL_W) setView(centreOn(shown, minimapMs(x), model.span));
      } else if (state.moved) {
        setView(panBy(state.view, -((x - state.x) / plotWidth) * (state.view.to - state.view.from), model.span));
      }
      return;
    }
    setHover(hit(x, y));
  };
  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    const state = drag.current;
    drag.current = null;
    if (!state || state.moved || state.minimap) return;
    const { x, y } = local(event);
    const item = hit(x, y);
    const row = item && rowsBySeq.get(item.seq);
    if (row) onSelect(row);
  };
  const onWheel = (event: WheelEvent<HTMLCanvasElement>) => {
    const { x } = local(event);
    if (Math.abs(event.deltaX) > Math.abs(event.deltaY) || event.shiftKey) {
      const delta = event.shiftKey ? event.deltaY : event.deltaX;
      setView(panBy(shown, (delta / plotWidth) * (shown.to - shown.from), model.span));
      return;
    }
    const at = toMs(Math.max(0, x - LABEL_W), shown, plotWidth);
    setView(zoomAt(shown, at, Math.exp(event.deltaY * 0.002), model.span));
  };
  const zoom = (factor: number) => setView(zoomAt(shown, (shown.from + shown.to) / 2, factor, model.span));
  const onKeyDown = (event: KeyboardEvent) => {
    const width = shown.to - shown.from;
    if (event.key === '+' || event.key === '=') zoom(0.5);
    else if (event.key === '-') zoom(2);
    else if (event.key === '0') setView(null);
    else if (event.key === 'ArrowLeft') setView(panBy(shown, -width * 0.2, model.span));
    else if (event.key === 'ArrowRight') setView(panBy(shown, width * 0.2, model.span));
    else return;
    event.preventDefault();
  };

  // Non-passive so the page does not scroll while the wheel zooms.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const stop = (e: globalThis.WheelEvent) => e.preventDefault();
    el.addEventListener('wheel', stop, { passive: false });
    return () => el.removeEventListener('wheel', stop);
  }, []);

  const listed = useMemo(() => {
    const [first, last] = visibleRange(model, shown.from, shown.to);
    const out: { item: TimeItem; x: number; y: number }[] = [];
    for (let i = first; i < last && out.length < MAX_LISTED; i++) {
      const item = model.items[i];
      if (!item || item.end < shown.from) continue;
      const box = itemBox(item, bands, shown, plotWidth);
      out.push({ item, x: Math.round(box.x + Math.min(box.w, 12) / 2), y: Math.round(box.y + box.h / 2) });
    }
    return out;
  }, [model, bands, shown, plotWidth]);

  return (
    <div className="timeview" data-testid="time-view">
      <div className="timeview-bar">
        <button type="button" onClick={() => zoom(0.5)} aria-label="Zoom in" data-testid="time-zoom-in">+</button>
        <button type="button" onClick={() => zoom(2)} aria-label="Zoom out" data-testid="time-zoom-out">−</button>
        <button type="button" onClick={() => setView(null)} data-testid="time-fit">Fit</button>
        <span className="muted mono" data-testid="time-window">{formatSpan(shown.from)} – {formatSpan(shown.to)} of {formatSpan(model.span)}</span>
        {model.displaced > 0 && <span className="flag" data-testid="time-displaced" title="Frames whose time was missing or ran backwards are placed by capture order after the frame before them, drawn faded">{model.displaced} placed by order</span>}
        {data.capped && <span className="flag">first {data.rows.length.toLocaleString('en')} of {data.matched.toLocaleString('en')} frames</span>}
        <span className="timeview-hover mono" data-testid="time-hover">
          {hover ? `#${hover.seq} ${hover.label}${hover.kind === 'bar' ? ` · ${formatSpan(hover.end - hover.start)}` : ''} · ${formatBytes(hover.size)}` : 'wheel: zoom · drag: pan · click: inspect'}
        </span>
      </div>
      <div className="timeview-body" ref={wrap}>
        <canvas
          ref={canvas}
          style={{ width: size.width, height }}
          tabIndex={0}
          role="img"
          aria-label={`Time-scaled view of ${lanes.length} lanes over ${formatSpan(model.span)}; ${drawn} marks drawn`}
          data-testid="time-canvas"
          data-drawn={drawn}
          data-bars={barCount}
          data-gaps={model.gaps.length}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerLeave={() => setHover(null)}
          onWheel={onWheel}
          onKeyDown={onKeyDown}
        />
        <ul className="visually-hidden" aria-label="Marks in the time window" data-testid="time-items">
          {listed.map(({ item, x, y }) => (
            <li key={item.seq}>
              <button type="button" data-seq={item.seq} data-kind={item.kind} data-x={x} data-y={y} onClick={() => { const row = rowsBySeq.get(item.seq); if (row) onSelect(row); }}>
                {`#${item.seq} ${lanes[item.lane] ?? ''} ${item.label}${item.kind === 'bar' ? ` ${formatSpan(item.end - item.start)}` : ''}`}
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
