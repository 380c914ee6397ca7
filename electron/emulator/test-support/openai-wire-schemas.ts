import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import { createGenerator } from 'ts-json-schema-generator';

/**
 * Runtime checks generated from the same source the emulator is type-checked against: the
 * `openai` package's own declaration files, turned into JSON Schema by ts-json-schema-generator
 * at test time (a few seconds each) and compiled with Ajv. `additionalProperties: false` comes
 * with them, so a field the types do not have fails as surely as a missing one.
 */
// The package exports no ./package.json; its root entry sits at the package root.
const OPENAI = path.dirname(createRequire(import.meta.url).resolve('openai'));
const FILES = {
  realtime: path.join(OPENAI, 'resources/realtime/realtime.d.ts'),
  responses: path.join(OPENAI, 'resources/responses/responses.d.ts'),
} as const;

/**
 * Fields the SDK adds on the client side, which no server sends: `Response.output_text` is
 * assembled by openai-node from the output items.
 */
const CLIENT_SIDE: Record<string, string[]> = { Response: ['output_text'] };

/**
 * Fields the real API sends that the types leave out, each as the emulator sends it
 * (`GaSession` in realtime/session-objects.ts): GA session.created/updated carry the session's
 * `id`, `object: "realtime.session"` and `expires_at` [observed in recorded real traffic].
 */
const WIRE_EXTRAS: Record<string, Record<string, unknown>> = {
  RealtimeSessionCreateRequest: { id: { type: 'string' }, object: { const: 'realtime.session' }, expires_at: { type: 'number' } },
};

type Schema = Record<string, unknown> & { definitions?: Record<string, Record<string, unknown>> };
/** A shape's problem, where and what; null when it matches. */
export type ShapeCheck = (value: unknown) => string | null;

/**
 * A checker for `type` (a union of events discriminated by `type`, or one object type). For a
 * union each event is checked against the member its `type` names, so the problem reported is
 * that member's, not the first member Ajv happened to try.
 */
export function openAiValidator(file: keyof typeof FILES, type: string): ShapeCheck {
  const schema = createGenerator({ path: FILES[file], type, tsconfig: path.resolve('tsconfig.node.json'), skipTypeCheck: true, expose: 'export', topRef: true }).createSchema(type) as Schema;
  const definitions = schema.definitions ?? {};
  for (const [name, fields] of Object.entries(CLIENT_SIDE)) {
    const def = definitions[name];
    if (def && Array.isArray(def.required)) def.required = def.required.filter((f) => !fields.includes(f as string));
  }
  for (const [name, extra] of Object.entries(WIRE_EXTRAS)) {
    const def = definitions[name];
    if (def && typeof def.properties === 'object') def.properties = { ...(def.properties as object), ...extra };
  }
  const ajv = new Ajv({ strict: false, allowUnionTypes: true });
  const compile = (ref: string) => ajv.compile({ $ref: ref, definitions });
  const describe = (validate: ReturnType<typeof compile>) => {
    const error = validate.errors?.[0];
    return error ? `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}` : 'does not match';
  };
  const members = ((definitions[type]?.anyOf as { $ref?: string }[] | undefined) ?? []).map((m) => m.$ref).filter((r): r is string => typeof r === 'string');
  const byType = new Map<string, ReturnType<typeof compile>>();
  for (const ref of members) {
    const def = definitions[decodeURIComponent(ref.replace('#/definitions/', ''))];
    const tag = (def?.properties as Record<string, { const?: unknown; enum?: unknown[] }> | undefined)?.type;
    for (const value of tag?.const !== undefined ? [tag.const] : tag?.enum ?? []) if (typeof value === 'string') byType.set(value, compile(ref));
  }
  const whole = compile(`#/definitions/${type}`);
  return (value) => {
    if (byType.size === 0) return whole(value) ? null : describe(whole);
    const tag = (value as { type?: unknown }).type;
    const member = typeof tag === 'string' ? byType.get(tag) : undefined;
    if (!member) return `type ${JSON.stringify(tag)} is not one of ${type}'s ${byType.size} event types`;
    return member(value) ? null : describe(member);
  };
}
