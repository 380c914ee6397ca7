import { getAtPointer, initialValue, itemField, parseNumberInput, setAtPointer, toggleOption, type FormField } from '../../../shared/tools/schema-form';

/** Problems from the engine's validator, by the JSON Pointer of the field they belong to. */
export type ProblemsByPointer = Map<string, string[]>;

interface Props {
  field: FormField;
  /** The whole draft (the form edits it by pointer). */
  draft: unknown;
  onChange: (draft: unknown) => void;
  problems: ProblemsByPointer;
  /** Prefix for input ids and test ids (several forms can be on screen). */
  idPrefix: string;
}

const testId = (prefix: string, pointer: string) => `${prefix}-field${pointer.replace(/\//g, '.') || '.root'}`;
const STRING_INPUT: Record<string, string> = { email: 'email', uri: 'url', url: 'url', date: 'date', 'date-time': 'datetime-local', time: 'time' };

/** An enum option as shown: its title where the schema gives one, with the value that is sent beside it. */
function optionText(value: unknown, label: string | undefined): string {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  return label && label !== shown ? `${label} (${shown})` : shown;
}

/** One field with its label, required marker, null toggle and the problems beside it. */
export function SchemaField({ field, draft, onChange, problems, idPrefix }: Props) {
  const value = getAtPointer(draft, field.pointer);
  const set = (next: unknown) => onChange(setAtPointer(draft, field.pointer, next));
  const id = testId(idPrefix, field.pointer);
  const errors = problems.get(field.pointer) ?? [];
  const isNull = value === null;
  const label = (
    <span className="field-label">
      {field.title || field.key}{field.required && <abbr className="required" title="required">*</abbr>}
      {field.title !== field.key && field.key && <code className="muted"> {field.key}</code>}
    </span>
  );
  const nullToggle = field.nullable && (
    <label className="null-toggle" title="Send an explicit null">
      <input type="checkbox" checked={isNull} onChange={(e) => set(e.target.checked ? null : undefined)} data-testid={`${id}-null`} /> null
    </label>
  );
  const errorList = errors.length > 0 && <ul className="field-errors" data-testid={`${id}-errors`}>{errors.map((e) => <li key={e}>{e}</li>)}</ul>;
  const hint = field.description && <div className="field-hint muted">{field.description}</div>;

  if (field.kind === 'object') {
    return (
      <fieldset className={`form-object${errors.length ? ' invalid' : ''}`} data-testid={id}>
        {field.pointer !== '' && <legend>{label}{nullToggle}</legend>}
        {hint}
        {!isNull && field.fields?.map((child) => <SchemaField key={child.key} field={child} draft={draft} onChange={onChange} problems={problems} idPrefix={idPrefix} />)}
        {errorList}
      </fieldset>
    );
  }
  if (field.kind === 'array' && field.items?.kind === 'enum') {
    // A multi-select (SEP-1330): one tick box per option reads better than a list of dropdowns.
    const options = field.items.options ?? [];
    const labels = field.items.optionLabels;
    return (
      <fieldset className={`form-array form-multi${errors.length ? ' invalid' : ''}`} data-testid={id}>
        <legend>{label}{nullToggle}</legend>
        {hint}
        {!isNull && options.map((o, i) => (
          <label key={i} className="multi-option">
            <input type="checkbox" checked={Array.isArray(value) && value.some((v) => JSON.stringify(v) === JSON.stringify(o))} onChange={(e) => set(toggleOption(value, options, o, e.target.checked))} data-testid={`${id}-option-${i}`} /> {optionText(o, labels?.[i])}
          </label>
        ))}
        {errorList}
      </fieldset>
    );
  }
  if (field.kind === 'array') {
    const items = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`form-array${errors.length ? ' invalid' : ''}`} data-testid={id}>
        <legend>{label}{nullToggle}</legend>
        {hint}
        {!isNull && items.map((_, i) => {
          const child = itemField(field, i);
          return (
            <div key={i} className="array-item">
              <SchemaField field={child} draft={draft} onChange={onChange} problems={problems} idPrefix={idPrefix} />
              <button type="button" className="link" aria-label={`Remove item ${i + 1}`} onClick={() => set(items.filter((__, j) => j !== i))}>remove</button>
            </div>
          );
        })}
        {!isNull && <button type="button" onClick={() => set([...items, initialValue(itemField(field, items.length)) ?? (field.items?.kind === 'string' ? '' : undefined)])} data-testid={`${id}-add`}>Add item</button>}
        {errorList}
      </fieldset>
    );
  }
  let input;
  if (field.kind === 'boolean') {
    input = <input id={id} type="checkbox" checked={value === true} disabled={isNull} onChange={(e) => set(e.target.checked)} data-testid={id} />;
  } else if (field.kind === 'enum') {
    const options = field.options ?? [];
    const index = options.findIndex((o) => JSON.stringify(o) === JSON.stringify(value));
    input = (
      <select id={id} value={index === -1 ? '' : String(index)} disabled={isNull} onChange={(e) => set(e.target.value === '' ? undefined : options[Number(e.target.value)])} data-testid={id}>
        <option value="">{field.required ? '— choose —' : '— not sent —'}</option>
        {options.map((o, i) => <option key={i} value={String(i)}>{optionText(o, field.optionLabels?.[i])}</option>)}
      </select>
    );
  } else if (field.kind === 'number' || field.kind === 'integer') {
    input = <input id={id} type="text" inputMode="decimal" value={value === undefined || value === null ? '' : String(value)} placeholder={isNull ? 'null' : field.kind} onChange={(e) => set(parseNumberInput(e.target.value))} data-testid={id} />;
  } else if (field.kind === 'string') {
    input = <input id={id} type={STRING_INPUT[field.format ?? ''] ?? 'text'} value={typeof value === 'string' ? value : ''} placeholder={isNull ? 'null' : ''} onChange={(e) => set(e.target.value === '' && !field.required ? undefined : e.target.value)} data-testid={id} />;
  } else {
    input = <JsonField id={id} value={value} onChange={set} reason={field.reason} />;
  }
  return (
    <div className={`form-field${errors.length ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-input">{input}{nullToggle}</div>
      {hint}
      {errorList}
    </div>
  );
}

/** Raw JSON for a part the form cannot draw; the text stays as typed until it parses. */
function JsonField({ id, value, onChange, reason }: { id: string; value: unknown; onChange: (v: unknown) => void; reason?: string }) {
  return (
    <div className="json-field">
      <textarea
        id={id}
        rows={3}
        defaultValue={value === undefined ? '' : JSON.stringify(value, null, 2)}
        onChange={(e) => {
          const text = e.target.value.trim();
          if (text === '') return onChange(undefined);
          try { onChange(JSON.parse(text)); } catch { /* keeps the last valid value until the JSON parses */ }
        }}
        data-testid={id}
      />
      {reason && <div className="field-hint muted">raw JSON: {reason}</div>}
    </div>
  );
}
