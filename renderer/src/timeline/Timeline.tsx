import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { FrameSummary } from '../../../shared/frames/summary';
import { useEngine } from '../app/engine-context';
import { FramePages } from './frame-pages';
import { formatBytes, formatDuration, formatOffset } from './format';

/** 22 px rows: at 1280x800 the timeline shows 25 and more after the Demo. */
export const ROW_HEIGHT = 22;

export interface TimelineProps {
  sessionId: string;
  lanes: LaneId[];
  total: number;
  filter: string;
  /** t of the session's first frame: the shared time axis starts there. */
  origin: number | null;
  selectedSeq: number | null;
  onSelect: (row: FrameSummary) => void;
  /** Seqs to mark as evidence; the first is scrolled into view when it changes. */
  highlight: number[];
  onFilterErrors?: (errors: string[], matched: number) => void;
  /** Replay: only the session's first `limit` frames are shown (undefined: all of them). */
  limit?: number;
}

/**
 * All lanes on one time axis: rows are frames in capture order, each drawn in its own lane's
 * column, so the same moment lines up across lanes. Virtualised and paged from the engine.
 */
export function Timeline({ sessionId, lanes, total, filter, origin, selectedSeq, onSelect, highlight, onFilterErrors, limit }: TimelineProps) {
  const { client } = useEngine();
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const pages = useMemo(() => new FramePages(client, sessionId, filter, bump), [client, sessionId, filter, bump]);
  const scroller = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const followRef = useRef(follow);
  followRef.current = follow;
  const [unseen, setUnseen] = useState(0);

  // Before the first count, so a new filter's view starts at the replay position.
  useEffect(() => { pages.setLimit(limit); }, [pages, limit]);
  useEffect(() => { void pages.refreshCount(); }, [pages]);
  useEffect(() => {
    pages.grew(total);
    void pages.refreshCount();
  }, [pages, total]);
  useEffect(() => { onFilterErrors?.(pages.errors, pages.matched); });

  const virtualizer = useVirtualizer({
    count: pages.matched,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 20,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => { pages.ensure(firstIndex, lastIndex); });

  // Follow live traffic while the user is at the bottom; count what arrives while paused.
  const matched = pages.matched;
  const lastMatched = useRef({ pages, matched: 0 });
  useEffect(() => {
    // A new filter is a new view, not new traffic: only growth of the same view counts as unseen.
    // Nor is a view's first count arriving from the engine.
    const sameView = lastMatched.current.pages === pages && lastMatched.current.matched > 0;
    const grown = sameView ? matched - lastMatched.current.matched : 0;
    lastMatched.current = { pages, matched };
    if (matched === 0) return;
    if (followRef.current) virtualizer.scrollToIndex(matched - 1, { align: 'end' });
    else if (grown > 0) setUnseen((n) => n + grown);
  }, [matched, pages, virtualizer]);

  // Growing and following only ever move the view down; only the user moves it up. A scroll
  // event read just after a burst of rows grew the list is below the end without anyone
  // scrolling away, so only a move up pauses following, and reaching the end resumes it.
  const lastScrollTop = useRef(0);
  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2;
    const movedUp = el.scrollTop < lastScrollTop.current;
    lastScrollTop.current = el.scrollTop;
    if (atBottom && !followRef.current) {
      setFollow(true);
      setUnseen(0);
    } else if (!atBottom && movedUp && followRef.current) {
      setFollow(false);
    }
  };

  const resume = () => {
    setFollow(true);
    setUnseen(0);
    if (pages.matched > 0) virtualizer.scrollToIndex(pages.matched - 1, { align: 'end' });
  };

  // Evidence: scroll the first highlighted frame into view in this filtered view.
  const highlightKey = highlight.join(',');
  useEffect(() => {
    const first = highlight[0];
    if (first === undefined) return;
    let live = true;
    void client.request('indexOfSeq', { sessionId, seq: first, filter, ...(limit === undefined ? {} : { limit }) }).then(({ index }) => {
      if (!live || index < 0) return;
      setFollow(false);
      virtualizer.scrollToIndex(index, { align: 'center' });
    }, () => undefined);
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the highlighted seqs, not the array identity (nor each replay step)
  }, [highlightKey, sessionId, filter, client]);

  const highlighted = useMemo(() => new Set(highlight), [highlight]);
  const columns = `76px repeat(${lanes.length}, minmax(0, 1fr))`;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const current = selectedSeq === null ? -1 : items.find((i) => pages.row(i.index)?.seq === selectedSeq)?.index ?? -1;
    const next = Math.min(pages.matched - 1, Math.max(0, current + (event.key === 'ArrowDown' ? 1 : -1)));
    const row = pages.row(next);
    if (row) {
      onSelect(row);
      virtualizer.scrollToIndex(next);
    }
  };

  return (
    <div className="timeline">
      <div className="timeline-body" ref={scroller} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown} role="grid" aria-label="Frames of every lane on one time axis" aria-rowcount={pages.matched} data-testid="timeline">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }} role="rowgroup">
          {items.map((item) => {
            const row = pages.row(item.index);
            return (
              <div
                key={item.key}
                className={`trow${row && row.seq === selectedSeq ? ' selected' : ''}${row && highlighted.has(row.seq) ? ' evidence' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, gridTemplateColumns: columns }}
                role="row"
                aria-rowindex={item.index + 1}
                data-seq={row?.seq}
                onClick={() => row && onSelect(row)}
              >
                <div className="time-col" role="gridcell">{row && origin !== null ? formatOffset(row.t, origin) : ''}</div>
                {lanes.map((lane) => (
                  <div key={lane} className="lane-cell" role="gridcell">
                    {row && row.lane === lane && <FrameCell row={row} />}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {!follow && (
        <button type="button" className="resume" onClick={resume} data-testid="timeline-resume">
          {unseen > 0 ? `Paused · ${unseen} new · Follow live` : 'Follow live'}
        </button>
      )}
    </div>
  );
}

function FrameCell({ row }: { row: FrameSummary }) {
  const status = row.invalid ? 'invalid' : row.error ? 'error' : 'ok';
  return (
    <span className={`frame frame-${status}`} title={`#${row.seq} ${row.layer} ${row.dir === 'out' ? 'sent' : 'received'}: ${row.label}`}>
      <span className={`dir dir-${row.dir}`} aria-label={row.dir === 'out' ? 'sent' : 'received'}>{row.dir === 'out' ? '→' : '←'}</span>
      <span className={`layer layer-${row.layer}`}>{row.layer}</span>
      <span className="label">{row.label}</span>
      {row.invalid && <span className="flag">invalid</span>}
      <span className="meta">{formatDuration(row.durationMs)}{row.durationMs !== undefined ? ' · ' : ''}{formatBytes(row.size)}</span>
    </span>
  );
}
