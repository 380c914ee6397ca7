import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { PANE_MAX, PANE_MIN } from './layout';

/**
 * The handle between the timeline and the pane: drag it, or focus it and use the arrow keys.
 * `grows` says which way a pointer move enlarges the pane (+1: right/down, -1: left/up).
 */
export function Splitter({ orientation, size, grows, onResize }: { orientation: 'vertical' | 'horizontal'; size: number; grows: 1 | -1; onResize: (px: number) => void }) {
  const start = useRef<{ at: number; size: number } | null>(null);
  const coord = (e: PointerEvent) => (orientation === 'vertical' ? e.clientX : e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture?.(e.pointerId);
    start.current = { at: coord(e), size };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!start.current) return;
    onResize(start.current.size + grows * (coord(e) - start.current.at));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 80 : 20;
    const keys: Record<string, number> = orientation === 'vertical' ? { ArrowLeft: -step, ArrowRight: step } : { ArrowUp: -step, ArrowDown: step };
    const delta = keys[e.key];
    if (delta === undefined) return;
    e.preventDefault();
    onResize(size + grows * delta);
  };
  return (
    <div
      className={`splitter splitter-${orientation}`}
      role="separator"
      aria-orientation={orientation}
      aria-label="Resize the pane"
      aria-valuemin={PANE_MIN}
      aria-valuemax={PANE_MAX}
      aria-valuenow={size}
      tabIndex={0}
      data-testid="pane-splitter"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => { start.current = null; }}
      onKeyDown={onKeyDown}
    />
  );
}
