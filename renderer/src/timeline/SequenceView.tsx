import { useCallback, useMemo, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { LaneId } from '../../../shared/capture/envelope';
import type { FrameSummary } from '../../../shared/frames/summary';
import { LANE_NAMES } from '../../../shared/diagnosis/views/build-views';
import { DEFAULT_WINDOW, indexOfSeq, laneMessages, windowOf } from '../../../shared/timeline/sequence-model';
import { renderSequenceSvg, SEQUENCE_STYLE } from '../../../shared/timeline/sequence-svg';
import type { AllRows } from './useAllRows';

/**
 * The diagram's rules, once per document. A constructed stylesheet is not inline style, so the
 * CSP allows it, and the app and the exported SVG read the same rules.
 */
let styleAdopted = false;
function adoptSequenceStyle(): void {
  if (styleAdopted) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(SEQUENCE_STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  styleAdopted = true;
}

export interface SequenceViewProps {
  lanes: LaneId[];
  data: AllRows;
  selectedSeq: number | null;
  highlight: number[];
  onSelect: (row: FrameSummary) => void;
  emulated: boolean;
}

/**
 * One lane's frames as a sequence diagram between its participants, drawn by the same pure
 * function that puts it in a bundle's report.html. At most DEFAULT_WINDOW arrows are in the DOM:
 * a window around the selection, with markers that page to the messages before and after it.
 */
export function SequenceView({ lanes, data, selectedSeq, highlight, onSelect, emulated }: SequenceViewProps) {
  adoptSequenceStyle();
  const rowsBySeq = useMemo(() => new Map(data.rows.map((r) => [r.seq, r])), [data]);
  const present = useMemo(() => lanes.filter((lane) => data.rows.some((r) => r.lane === lane)), [lanes, data]);
  const [chosen, setChosen] = useState<LaneId | null>(null);
  const selectedLane = selectedSeq === null ? undefined : rowsBySeq.get(selectedSeq)?.lane;
  // Selecting a frame of another lane (evidence, a story clause) shows that lane.
  const [followed, setFollowed] = useState<number | null>(null);
  if (selectedSeq !== followed) {
    setFollowed(selectedSeq);
    if (selectedLane && selectedLane !== chosen) setChosen(selectedLane);
  }
  const lane = chosen && present.includes(chosen) ? chosen : (present[0] ?? lanes[0] ?? 'inspector');

  const all = useMemo(() => laneMessages(data.rows, lane, { emulated }), [data, lane, emulated]);
  const [start, setStart] = useState<number | null>(null);
  // Paging holds the window until the selection moves out of it; then it centres on the selection.
  const selectedIndex = selectedSeq === null || selectedLane !== lane ? -1 : indexOfSeq(all, selectedSeq);
  const [centredFor, setCentredFor] = useState<number | null>(null);
  if (selectedSeq !== centredFor) {
    setCentredFor(selectedSeq);
    if (start !== null && selectedIndex >= 0 && (selectedIndex < start || selectedIndex >= start + DEFAULT_WINDOW)) setStart(null);
  }
  const model = useMemo(
    () => windowOf(all, lane, { emulated, ...(start !== null ? { start } : { around: selectedLane === lane ? selectedSeq : null }) }),
    [all, lane, emulated, start, selectedSeq, selectedLane],
  );
  const highlighted = useMemo(() => new Set(highlight), [highlight]);
  const title = `Sequence of the ${LANE_NAMES[lane]} lane`;
  const svg = useMemo(() => renderSequenceSvg(model, { selected: selectedSeq, highlight: highlighted, title, embedStyle: false }), [model, selectedSeq, highlighted, title]);

  const activate = useCallback((target: EventTarget | null) => {
    const element = target instanceof Element ? target : null;
    const page = element?.closest('[data-page]')?.getAttribute('data-page');
    if (page) {
      setStart(page === 'before' ? Math.max(0, model.offset - DEFAULT_WINDOW) : model.offset + DEFAULT_WINDOW);
      return;
    }
    const seq = Number(element?.closest('[data-seq]')?.getAttribute('data-seq'));
    const row = rowsBySeq.get(seq);
    if (row) onSelect(row);
  }, [model.offset, rowsBySeq, onSelect]);
  const onClick = (event: MouseEvent) => activate(event.target);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    activate(event.target);
  };

  const exportSvg = () => {
    // The exported file is the whole lane's current window without the selection marks.
    const text = renderSequenceSvg(model, { title });
    const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `parallax-sequence-${lane}.svg`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="sequence-view" data-testid="sequence-view">
      <div className="timeview-bar">
        <div className="segmented" role="group" aria-label="Which lane's sequence to show">
          {present.map((id) => (
            <button key={id} type="button" aria-pressed={id === lane} className={id === lane ? 'active' : ''} onClick={() => { setChosen(id); setStart(null); }} data-testid={`sequence-lane-${id}`}>{LANE_NAMES[id]}</button>
          ))}
        </div>
        <span className="muted mono" data-testid="sequence-count">
          {model.total === 0 ? 'no frames' : `messages ${model.offset + 1}–${model.offset + model.messages.length} of ${model.total.toLocaleString('en')}`}
        </span>
        {model.untimed > 0 && <span className="flag" title="Frames whose time was missing or ran backwards are placed by capture order, marked ≈ by order">{model.untimed} placed by order</span>}
        {data.capped && <span className="flag">first {data.rows.length.toLocaleString('en')} of {data.matched.toLocaleString('en')} frames</span>}
        <button type="button" className="sequence-export" onClick={exportSvg} disabled={model.total === 0} data-testid="sequence-export">Export SVG</button>
      </div>
      {/* The SVG is text from renderSequenceSvg, which escapes every label; clicks are read from its data-seq attributes. */}
      <div className="sequence-body" onClick={onClick} onKeyDown={onKeyDown} data-testid="sequence-svg" dangerouslySetInnerHTML={{ __html: svg }} />
    </div>
  );
}
