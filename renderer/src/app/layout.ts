import { useCallback, useState } from 'react';
import { z } from 'zod';

const STORAGE_KEY = 'parallax.layout.v1';
/** Limits of the side pane's width and the bottom pane's height, in px, so neither can swallow the timeline. */
export const PANE_MIN = 220;
export const PANE_MAX = 900;

export const Layout = z.object({
  /** Where the findings / tools / frame pane sits relative to the timeline. */
  placement: z.enum(['side', 'below']),
  /** Its width when beside, its height when below. */
  size: z.number().min(PANE_MIN).max(PANE_MAX),
  collapsed: z.boolean(),
  /** The pane first (left or above) and the timeline second, or the other way round. */
  swapped: z.boolean(),
  view: z.enum(['rows', 'time', 'sequence']),
});
export type Layout = z.infer<typeof Layout>;

/** Beside the timeline: on a laptop screen a pane below leaves the timeline too few rows. */
export const DEFAULT_LAYOUT: Layout = { placement: 'side', size: 400, collapsed: false, swapped: false, view: 'rows' };

function readLayout(): Layout {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return DEFAULT_LAYOUT;
    const parsed = Layout.safeParse({ ...DEFAULT_LAYOUT, ...(JSON.parse(raw) as object) });
    return parsed.success ? parsed.data : DEFAULT_LAYOUT;
  } catch {
    return DEFAULT_LAYOUT;
  }
}

export function clampPaneSize(px: number): number {
  return Math.round(Math.min(PANE_MAX, Math.max(PANE_MIN, px)));
}

/** The workspace's arrangement, remembered across sessions and restarts in localStorage. */
export function useLayout(): [Layout, (change: Partial<Layout>) => void] {
  const [layout, setLayout] = useState<Layout>(readLayout);
  const update = useCallback((change: Partial<Layout>) => {
    setLayout((current) => {
      const next = { ...current, ...change };
      if (change.size !== undefined) next.size = clampPaneSize(change.size);
      try { localStorage.setItem(STORAGE_KEY, JSON.stringify(next)); } catch { /* storage full or denied: the layout still applies now */ }
      return next;
    });
  }, []);
  return [layout, update];
}
