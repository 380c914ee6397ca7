import { useEffect, useState } from 'react';
import { parseFilter } from '../../../shared/frames/filter';

const PLACEHOLDER = 'Filter: lane:realtime method:tools/list tool:name dir:in layer:sse status:4xx kind:invalid, text or /regex/';

/**
 * How long typing must pause before a filter applies. Field tokens are decided per row shape in
 * the engine, a few milliseconds over a million frames, so they apply at once; free text and
 * regex read every body, so they wait until the word looks finished.
 */
const BODY_SEARCH_PAUSE_MS = 150;

/** The filter field. */
export function FilterBar({ onChange, errors, matched, total, active }: { onChange: (v: string) => void; errors: string[]; matched: number; total: number; active: boolean }) {
  const [draft, setDraft] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => onChange(draft), parseFilter(draft).needsBody ? BODY_SEARCH_PAUSE_MS : 0);
    return () => clearTimeout(timer);
  }, [draft, onChange]);

  return (
    <div className="filterbar">
      <input
        type="search"
        aria-label="Filter frames"
        data-testid="filter"
        placeholder={PLACEHOLDER}
        value={draft}
        spellCheck={false}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') onChange(draft); if (e.key === 'Escape') { setDraft(''); onChange(''); } }}
      />
      <span className="filter-count" data-testid="filter-count">
        {active ? `${matched.toLocaleString('en')} of ${total.toLocaleString('en')} frames` : `${total.toLocaleString('en')} frames`}
      </span>
      {errors.length > 0 && <span className="filter-errors" role="alert">{errors.join(' · ')}</span>}
    </div>
  );
}
