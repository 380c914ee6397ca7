import { describe, expect, it } from 'vitest';
import { defaultsOf, formModel, formValue, getAtPointer, initialValue, itemField, parseNumberInput, problemPointer, setAtPointer, toggleOption, type FormField } from './schema-form';
import { validateValue } from './validate-value';

/** A tool schema as FastMCP/pydantic writes one: $defs + $ref, anyOf-null optionals, an enum, an array. */
const visitSchema = {
  $defs: {
    Address: { type: 'object', properties: { city: { type: 'string', title: 'City' }, zip: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null } }, required: ['city'] },
  },
  type: 'object',
  properties: {
    patient: {
      type: 'object',
      properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, address: { $ref: '#/$defs/Address' } },
      required: ['name', 'address'],
    },
    urgency: { type: 'string', enum: ['routine', 'urgent', 'emergency'], default: 'routine' },
    notes: { type: ['string', 'null'], description: 'Free text' },
    tags: { type: 'array', items: { type: 'string' } },
    telehealth: { type: 'boolean', default: false },
    score: { type: 'number' },
  },
  required: ['patient', 'urgency', 'notes'],
};

const field = (root: FormField, ...keys: string[]): FormField => keys.reduce((f, k) => f.fields?.find((c) => c.key === k) as FormField, root);

describe('the schema form model', () => {
  const model = formModel(visitSchema);
  if (!model.ok) throw new Error(model.reason);
  const root = model.root;

  it('draws nested objects as fieldsets with their required markers, following $ref into $defs', () => {
    expect(root.kind).toBe('object');
    expect(root.fields?.map((f) => [f.key, f.kind, f.required])).toEqual([
      ['patient', 'object', true], ['urgency', 'enum', true], ['notes', 'string', true], ['tags', 'array', false], ['telehealth', 'boolean', false], ['score', 'number', false],
    ]);
    const address = field(root, 'patient', 'address');
    expect(address.kind).toBe('object');
    expect(address.pointer).toBe('/patient/address');
    expect(address.fields?.map((f) => [f.key, f.kind, f.required, f.nullable])).toEqual([['city', 'string', true, false], ['zip', 'string', false, true]]);
    expect(field(root, 'patient', 'age').kind).toBe('integer');
  });

  it('turns enums into options and reads nullability from type arrays and anyOf null branches', () => {
    expect(field(root, 'urgency').options).toEqual(['routine', 'urgent', 'emergency']);
    expect(field(root, 'notes').nullable).toBe(true);
    expect(field(root, 'notes').description).toBe('Free text');
    expect(field(root, 'patient', 'address', 'zip').nullable).toBe(true);
    expect(field(root, 'urgency').nullable).toBe(false);
    expect(field(root, 'tags').items?.kind).toBe('string');
    expect(itemField(field(root, 'tags'), 2).pointer).toBe('/tags/2');
  });

  it('prefills defaults, builds required nested objects, and leaves FastMCP default-null optionals out', () => {
    expect(initialValue(root)).toEqual({ patient: { address: {} }, urgency: 'routine', telehealth: false });
    expect(defaultsOf(visitSchema)).toEqual({ patient: { address: {} }, urgency: 'routine', telehealth: false });
  });

  it('sends explicit nulls, drops optional objects left empty, and keeps keys the schema does not name', () => {
    let draft = initialValue(root);
    draft = setAtPointer(draft, '/patient/name', 'Ada');
    draft = setAtPointer(draft, '/patient/address/city', 'Oslo');
    draft = setAtPointer(draft, '/notes', null);
    draft = setAtPointer(draft, '/tags', ['a', 'b']);
    draft = setAtPointer(draft, '/extra', 1);
    const value = formValue(root, draft);
    expect(value).toEqual({ patient: { name: 'Ada', address: { city: 'Oslo' } }, urgency: 'routine', notes: null, tags: ['a', 'b'], telehealth: false, extra: 1 });
    expect(validateValue(visitSchema, value)).toEqual({ ok: true });
    expect(getAtPointer(draft, '/patient/address/city')).toBe('Oslo');
    expect(formValue(root, setAtPointer(draft, '/patient/address/city', undefined))).toEqual(expect.objectContaining({ patient: { name: 'Ada', address: {} } }));
  });

  it('maps validator problems onto the field the user has to fix', () => {
    const check = validateValue(visitSchema, formValue(root, setAtPointer(initialValue(root), '/patient/age', parseNumberInput('x'))));
    expect(check.ok).toBe(false);
    const pointers = check.ok === false ? check.problems.map(problemPointer) : [];
    expect(pointers).toEqual(expect.arrayContaining(['/patient/name', '/patient/age', '/patient/address/city', '/notes']));
    expect(parseNumberInput('')).toBeUndefined();
    expect(parseNumberInput('2.5')).toBe(2.5);
  });

  it('falls back to raw JSON for parts a form cannot express, and refuses non-object roots', () => {
    const odd = formModel({ type: 'object', properties: { either: { anyOf: [{ type: 'string' }, { type: 'number' }] }, map: { type: 'object', additionalProperties: { type: 'string' } }, self: { $ref: '#/properties/self' }, anything: {} } });
    if (!odd.ok) throw new Error(odd.reason);
    expect(odd.root.fields?.map((f) => [f.key, f.kind, f.reason])).toEqual([
      ['either', 'json', 'a choice between several schemas'], ['map', 'json', 'an object with free-form keys'], ['self', 'json', '#/properties/self refers to itself'], ['anything', 'json', 'any JSON value'],
    ]);
    expect(formModel({ type: 'string' })).toEqual({ ok: false, reason: 'the schema is a string, not an object with properties' });
    expect(formModel([]).ok).toBe(false);
  });

  it('reads a oneOf of consts as an enum (SEP-1330 titled enums)', () => {
    const m = formModel({ type: 'object', properties: { size: { type: 'string', oneOf: [{ const: 's', title: 'Small' }, { const: 'l', title: 'Large' }], default: 'l' } } });
    if (!m.ok) throw new Error(m.reason);
    expect(m.root.fields?.[0]).toEqual(expect.objectContaining({ kind: 'enum', options: ['s', 'l'], optionLabels: ['Small', 'Large'], default: 'l' }));
  });

  it('keeps the names a person reads beside the values sent: oneOf titles (also as array items, anyOf) and the legacy enumNames', () => {
    // server-everything's trigger-elicitation-request asks with all three spellings.
    const m = formModel({
      type: 'object',
      properties: {
        hero: { type: 'string', oneOf: [{ const: 'hero-1', title: 'Superman' }, { const: 'hero-2' }] },
        fish: { type: 'array', items: { anyOf: [{ const: 'fish-1', title: 'Tuna' }, { const: 'fish-2', title: 'Salmon' }] } },
        pet: { type: 'string', enum: ['pet-1', null, 'pet-2'], enumNames: ['Cats', 'None', 'Dogs'] },
        plain: { type: 'string', enum: ['a', 'b'] },
        mismatched: { type: 'string', enum: ['a', 'b'], enumNames: ['only one'] },
      },
    });
    if (!m.ok) throw new Error(m.reason);
    const [hero, fish, pet, plain, mismatched] = m.root.fields ?? [];
    expect(hero).toEqual(expect.objectContaining({ options: ['hero-1', 'hero-2'], optionLabels: ['Superman', undefined] }));
    expect(fish?.items).toEqual(expect.objectContaining({ kind: 'enum', options: ['fish-1', 'fish-2'], optionLabels: ['Tuna', 'Salmon'] }));
    expect(pet).toEqual(expect.objectContaining({ nullable: true, options: ['pet-1', 'pet-2'], optionLabels: ['Cats', 'Dogs'] }));
    expect(plain?.optionLabels).toBeUndefined();
    expect(mismatched?.optionLabels).toBeUndefined();
  });

  it('ticks and unticks a multi-select in the schema\'s order, keeping values that are not options', () => {
    const options = ['Guitar', 'Piano', 'Violin'];
    expect(toggleOption(['Guitar'], options, 'Violin', true)).toEqual(['Guitar', 'Violin']);
    expect(toggleOption(['Violin'], options, 'Guitar', true)).toEqual(['Guitar', 'Violin']);
    expect(toggleOption(['Guitar', 'Violin'], options, 'Guitar', false)).toEqual(['Violin']);
    expect(toggleOption(undefined, options, 'Piano', true)).toEqual(['Piano']);
    expect(toggleOption(['Kazoo', 'Piano'], options, 'Guitar', true)).toEqual(['Guitar', 'Piano', 'Kazoo']);
    expect(toggleOption([{ a: 1 }], [{ a: 1 }, { a: 2 }], { a: 1 }, false)).toEqual([]);
  });
});
