import { describe, expect, it } from 'vitest';
import { axisTicks, centreOn, clampWindow, MIN_VIEW_MS, panBy, tickStep, toMs, toPx, zoomAt } from './time-axis';

describe('time axis', () => {
  it('zooms about the pointer: the moment under it stays under it', () => {
    const view = { from: 0, to: 1000 };
    const zoomed = zoomAt(view, 250, 0.5, 1000);
    expect(zoomed).toEqual({ from: 125, to: 625 });
    expect(toPx(250, zoomed, 800)).toBeCloseTo(toPx(250, view, 800));
    expect(toMs(toPx(333, zoomed, 800), zoomed, 800)).toBeCloseTo(333);
  });

  it('never pans or zooms out past the capture, nor in past the clock resolution', () => {
    expect(panBy({ from: 0, to: 100 }, -50, 1000)).toEqual({ from: 0, to: 100 });
    expect(panBy({ from: 900, to: 1000 }, 500, 1000).to).toBeCloseTo(1020);
    expect(zoomAt({ from: 0, to: 1000 }, 0, 10, 1000)).toEqual({ from: 0, to: 1020 });
    const tiny = clampWindow({ from: 10, to: 10.0001 }, 1000);
    expect(tiny.to - tiny.from).toBe(MIN_VIEW_MS);
    expect(centreOn({ from: 0, to: 100 }, 500, 1000)).toEqual({ from: 450, to: 550 });
  });

  it('labels the axis in steps of 1, 2 or 5 with units fitted to the zoom', () => {
    expect(tickStep({ from: 0, to: 1000 }, 900)).toBe(100);
    expect(tickStep({ from: 0, to: 60_000 }, 600)).toBe(10_000);
    expect(axisTicks({ from: 0, to: 1000 }, 900).map((t) => t.text).slice(0, 3)).toEqual(['0 ms', '100 ms', '200 ms']);
    expect(axisTicks({ from: 0, to: 20_000 }, 900)[1]?.text).toBe('2.0 s');
    expect(axisTicks({ from: 1, to: 1.5 }, 900)[0]?.text).toBe('1.00 ms');
  });
});
