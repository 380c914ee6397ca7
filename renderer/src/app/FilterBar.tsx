import { useEffect, useState } from 'react';

const PLACEHOLDER = 'Filter: lane:realtime method:tools/list tool:name dir:in layer:sse status:4xx kind:invalid, text or /regex/';

/** The filter field; applies after a short pause in typing so each keystroke does not re-filter a big session. */
export function FilterBar({ onChange, errors, matched, total, active }: { onChange: (v: string) => void; errors: string[]; matched: number; total: number; active: boolean }) {
  const [draft, setDraft] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => onChange(draft), 150);
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
