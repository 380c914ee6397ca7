import { useState } from 'react';

const CHUNK = 100;

/** A collapsible JSON view; text is rendered as text, never as markup, whatever the server sent. */
export function JsonTree({ value, name, depth = 0 }: { value: unknown; name?: string; depth?: number }) {
  const [open, setOpen] = useState(depth < 3);
  const [shown, setShown] = useState(CHUNK);
  const label = name !== undefined ? <span className="jt-key">{name}: </span> : null;

  if (value === null || typeof value !== 'object') {
    return (
      <div className="jt-line" style={{ paddingLeft: depth * 14 }}>
        {label}<Scalar value={value} />
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div>
      <div className="jt-line jt-branch" style={{ paddingLeft: depth * 14 }} onClick={() => setOpen(!open)}>
        <span className="jt-toggle">{open ? '▾' : '▸'}</span>
        {label}
        <span className="jt-punct">{brackets[0]}</span>
        {!open && <span className="jt-summary">{preview(value, entries)}{brackets[1]}</span>}
      </div>
      {open && (
        <>
          {entries.slice(0, shown).map(([key, child]) => <JsonTree key={key} name={key} value={child} depth={depth + 1} />)}
          {entries.length > shown && (
            <button type="button" className="jt-more" style={{ marginLeft: (depth + 1) * 14 }} onClick={() => setShown(shown + CHUNK * 10)}>
              show {Math.min(CHUNK * 10, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
          <div className="jt-line jt-punct" style={{ paddingLeft: depth * 14 }}>{brackets[1]}</div>
        </>
      )}
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="jt-string">{JSON.stringify(value)}</span>;
  if (typeof value === 'number') return <span className="jt-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="jt-bool">{String(value)}</span>;
  return <span className="jt-null">null</span>;
}

/** A one-line glimpse of a collapsed branch, like devtools: the first few scalar fields. */
function preview(value: object, entries: [string, unknown][]): string {
  const parts: string[] = [];
  let length = 0;
  for (const [key, child] of entries) {
    const shown = child === null || typeof child !== 'object' ? JSON.stringify(child) : Array.isArray(child) ? `[${child.length}]` : '{…}';
    const part = Array.isArray(value) ? shown : `${key}: ${shown}`;
    if (length + part.length > 90) {
      parts.push('…');
      break;
    }
    parts.push(part);
    length += part.length + 2;
  }
  return ` ${parts.join(', ')} `;
}
