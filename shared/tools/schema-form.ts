/**
 * A form for a JSON Schema: the Call pane's arguments form (a tool's inputSchema), the elicitation
 * form (a server's requestedSchema) and the CLI's `--elicit accept-defaults` all read a schema
 * through this model. It covers what tool schemas use in practice (pydantic/FastMCP, zod, hand
 * written): scalars, enums, nullable (`type: [..., "null"]` or `anyOf [..., {type: "null"}]`),
 * arrays, nested objects and local `$ref`s. Anything else becomes a raw JSON field, so no schema
 * makes a form that silently drops what the user typed.
 */

export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'enum' | 'object' | 'array' | 'json';

export interface FormField {
  kind: FieldKind;
  /** Property name in its parent object ('' for the root and for array items). */
  key: string;
  /** JSON Pointer of the value, as the validator reports problems ('/a/b'; '' for the root). */
  pointer: string;
  title: string;
  description?: string;
  required: boolean;
  /** `null` is an allowed value (the form shows an explicit null toggle). */
  nullable: boolean;
  /** The schema's `default`, when it gives one. */
  default?: unknown;
  hasDefault: boolean;
  /** enum: the allowed values, in the schema's order. */
  options?: unknown[];
  /**
   * enum: what a person reads for each option, where the schema names them (SEP-1330 `oneOf`
   * consts with titles, the legacy `enumNames`); the value is what is sent.
   */
  optionLabels?: (string | undefined)[];
  /** object: the properties, in the schema's order. */
  fields?: FormField[];
  /** array: the schema of each item (pointer and key are per item, filled in when rendered). */
  items?: FormField;
  /** string: a format hint (date, email, uri...) for the input type. */
  format?: string;
  /** json: why this part has no form of its own. */
  reason?: string;
}

type Schema = Record<string, unknown>;
const isRecord = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Follows a local `#/...` reference inside the root schema; undefined when it leads nowhere. */
function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    node = isRecord(node) ? node[key] : undefined;
  }
  return isRecord(node) ? node : undefined;
}

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array']);

interface Shape {
  schema: Schema;
  nullable: boolean;
  /** Set when the shape cannot be expressed as a form. */
  reason?: string;
}

/** Strips nullability (type arrays, anyOf/oneOf with a null branch) and $refs down to one schema. */
function shapeOf(root: Schema, schema: Schema, seen: Set<string>): Shape {
  let current = schema;
  let nullable = false;
  for (let hops = 0; hops < 32; hops++) {
    if (typeof current.$ref === 'string') {
      const ref = current.$ref;
      if (seen.has(ref)) return { schema: current, nullable, reason: `${ref} refers to itself` };
      const target = resolveRef(root, ref);
      if (!target) return { schema: current, nullable, reason: `${ref} is not a reference inside this schema` };
      seen = new Set([...seen, ref]);
      const { $ref: _ref, ...rest } = current;
      current = { ...target, ...rest };
      continue;
    }
    const union = Array.isArray(current.anyOf) ? current.anyOf : Array.isArray(current.oneOf) ? current.oneOf : undefined;
    if (union) {
      const branches = union.filter(isRecord);
      const nonNull = branches.filter((b) => b.type !== 'null');
      if (nonNull.length < branches.length) nullable = true;
      // A oneOf of consts is how some generators spell an enum.
      if (nonNull.length > 1 && nonNull.every((b) => 'const' in b)) {
        const { anyOf: _a, oneOf: _o, ...rest } = current;
        const titles = nonNull.map((b) => (typeof b.title === 'string' ? b.title : undefined));
        return { schema: { ...rest, enum: nonNull.map((b) => b.const), ...(titles.some(Boolean) ? { enumNames: titles } : {}) }, nullable };
      }
      if (nonNull.length !== 1) return { schema: current, nullable, reason: 'a choice between several schemas' };
      const { anyOf: _a, oneOf: _o, ...rest } = current;
      current = { ...(nonNull[0] as Schema), ...rest };
      continue;
    }
    break;
  }
  if (Array.isArray(current.type)) {
    const types = current.type.filter((t): t is string => typeof t === 'string');
    if (types.includes('null')) nullable = true;
    const rest = types.filter((t) => t !== 'null');
    if (rest.length > 1) return { schema: current, nullable, reason: `a value of type ${rest.join(' or ')}` };
    current = { ...current, type: rest[0] };
  }
  if (Array.isArray(current.enum) && current.enum.includes(null)) nullable = true;
  return { schema: current, nullable };
}

/** An enum's values without null (the null toggle sends it), each with its label when `enumNames` gives one at the same index. */
function enumOptions(values: unknown[], names: unknown): Pick<FormField, 'options' | 'optionLabels'> {
  const labels = Array.isArray(names) && names.length === values.length ? names.map((n) => (typeof n === 'string' ? n : undefined)) : undefined;
  const kept = values.map((value, i) => ({ value, label: labels?.[i] })).filter((o) => o.value !== null);
  return { options: kept.map((o) => o.value), ...(kept.some((o) => o.label !== undefined) ? { optionLabels: kept.map((o) => o.label) } : {}) };
}

function fieldOf(root: Schema, schema: unknown, key: string, pointer: string, required: boolean, seen: Set<string>): FormField {
  const base = { key, pointer, title: key, required, nullable: false, hasDefault: false };
  if (schema === true || (isRecord(schema) && Object.keys(schema).length === 0)) return { ...base, kind: 'json', reason: 'any JSON value' };
  if (!isRecord(schema)) return { ...base, kind: 'json', reason: 'the schema is not an object' };
  const shape = shapeOf(root, schema, seen);
  const s = shape.schema;
  const field: FormField = {
    ...base,
    kind: 'json',
    title: typeof s.title === 'string' && s.title ? s.title : key,
    nullable: shape.nullable,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    ...('default' in s ? { default: s.default, hasDefault: true } : {}),
  };
  if (shape.reason) return { ...field, reason: shape.reason };
  if (Array.isArray(s.enum)) return { ...field, kind: 'enum', ...enumOptions(s.enum, s.enumNames) };
  if ('const' in s) return { ...field, kind: 'enum', options: [s.const] };
  const type = typeof s.type === 'string' ? s.type : isRecord(s.properties) ? 'object' : undefined;
  if (!type || !SCALAR_TYPES.has(type)) return { ...field, reason: type ? `type "${type}"` : 'no type given' };
  if (type === 'object') {
    const properties = isRecord(s.properties) ? s.properties : {};
    const requiredKeys = new Set(Array.isArray(s.required) ? s.required.filter((k): k is string => typeof k === 'string') : []);
    // A map (additionalProperties with no named properties) has no fixed fields to draw.
    if (Object.keys(properties).length === 0 && s.additionalProperties !== undefined && s.additionalProperties !== false) return { ...field, reason: 'an object with free-form keys' };
    const fields = Object.entries(properties).map(([name, sub]) => fieldOf(root, sub, name, `${pointer}/${escapePointer(name)}`, requiredKeys.has(name), seen));
    return { ...field, kind: 'object', fields };
  }
  if (type === 'array') {
    if (Array.isArray(s.items) || Array.isArray(s.prefixItems)) return { ...field, reason: 'a tuple' };
    return { ...field, kind: 'array', items: fieldOf(root, s.items ?? {}, '', `${pointer}/-`, true, seen) };
  }
  return { ...field, kind: type as FieldKind, ...(type === 'string' && typeof s.format === 'string' ? { format: s.format } : {}) };
}

export type FormModel = { ok: true; root: FormField } | { ok: false; reason: string };

/** The form for an object schema (tool arguments and elicitations are always objects). */
export function formModel(schema: unknown): FormModel {
  if (!isRecord(schema)) return { ok: false, reason: 'the schema is not a JSON object' };
  const root = fieldOf(schema, schema, '', '', true, new Set());
  if (root.kind !== 'object') return { ok: false, reason: `the schema is ${root.reason ?? `a ${root.kind}`}, not an object with properties` };
  return { ok: true, root };
}

/**
 * The value a field starts with: its default, else (required objects) an object of its own
 * fields' starting values. An optional field's `default: null` (FastMCP's way of saying
 * "optional") starts absent: the server applies its own default.
 */
export function initialValue(field: FormField): unknown {
  if (field.hasDefault && !(field.default === null && !field.required)) return JSON.parse(JSON.stringify(field.default)) as unknown;
  if (field.kind === 'object' && field.fields) {
    const value: Record<string, unknown> = {};
    for (const child of field.fields) {
      const start = initialValue(child);
      if (start !== undefined) value[child.key] = start;
    }
    return field.required || Object.keys(value).length > 0 ? value : undefined;
  }
  return undefined;
}

/** The field an item of an array is drawn with, at its index. */
export function itemField(array: FormField, index: number): FormField {
  const items = array.items as FormField;
  return { ...items, key: String(index), pointer: `${array.pointer}/${index}`, title: `${index + 1}` };
}

/**
 * What the form sends: the draft without undefined entries and without optional objects left
 * empty. Values the user mistyped (text in a number field) stay as typed, so the validator names them.
 */
export function formValue(field: FormField, draft: unknown): unknown {
  if (draft === undefined || draft === null) return draft;
  if (field.kind === 'object' && field.fields && isRecord(draft)) {
    const out: Record<string, unknown> = {};
    const known = new Set(field.fields.map((f) => f.key));
    for (const child of field.fields) {
      const value = formValue(child, draft[child.key]);
      if (value !== undefined) out[child.key] = value;
    }
    // Keys the schema does not name (pasted in the raw editor) are kept, not silently dropped.
    for (const [key, value] of Object.entries(draft)) if (!known.has(key) && value !== undefined) out[key] = value;
    return !field.required && field.pointer !== '' && Object.keys(out).length === 0 ? undefined : out;
  }
  if (field.kind === 'array' && field.items && Array.isArray(draft)) return draft.map((item, i) => formValue(itemField(field, i), item) ?? null);
  return draft;
}

/** The arguments a form fills with no user input: every default, nested objects included. */
export function defaultsOf(schema: unknown): Record<string, unknown> {
  const model = formModel(schema);
  if (!model.ok) return {};
  const value = formValue(model.root, initialValue(model.root));
  return isRecord(value) ? value : {};
}

/**
 * A multi-select (an array of enum items, SEP-1330): the selection after one option is ticked or
 * unticked, in the schema's order so the same choice always sends the same array. Values the
 * draft holds that are not options (pasted, or a stale default) are kept at the end.
 */
export function toggleOption(current: unknown, options: readonly unknown[], option: unknown, on: boolean): unknown[] {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const held = Array.isArray(current) ? current : [];
  const chosen = options.filter((o) => (same(o, option) ? on : held.some((h) => same(h, o))));
  return [...chosen, ...held.filter((h) => !options.some((o) => same(o, h)))];
}

/** Reads a typed number field: a number when the text is one, else the text itself (the validator then names it). */
export function parseNumberInput(text: string): number | string | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  // 1.5 in an integer field stays a number: the validator says "must be integer" beside it.
  return Number.isFinite(value) ? value : text;
}

/** Sets the value at a JSON Pointer inside a draft, creating objects/arrays along the way; undefined deletes. */
export function setAtPointer(draft: unknown, pointer: string, value: unknown): unknown {
  if (pointer === '') return value;
  const [head, ...rest] = pointer.slice(1).split('/');
  const key = (head as string).replace(/~1/g, '/').replace(/~0/g, '~');
  const tail = rest.length ? `/${rest.join('/')}` : '';
  if (Array.isArray(draft)) {
    const copy = [...draft];
    copy[Number(key)] = setAtPointer(copy[Number(key)], tail, value);
    return copy;
  }
  const record = isRecord(draft) ? draft : {};
  const next = setAtPointer(record[key], tail, value);
  const others = Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
  return next === undefined ? others : { ...others, [key]: next };
}

export function getAtPointer(draft: unknown, pointer: string): unknown {
  if (pointer === '') return draft;
  let node = draft;
  for (const part of pointer.slice(1).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined;
  }
  return node;
}

/**
 * Where a validator's problem belongs in the form: "lacks the required property x" at /a is a
 * problem of /a/x, the field the user has to fill.
 */
export function problemPointer(problem: { path: string; message: string }): string {
  const base = problem.path === '/' ? '' : problem.path;
  const missing = /lacks the required property "(.+)"$/.exec(problem.message);
  return missing ? `${base}/${escapePointer(missing[1] as string)}` : base;
}
