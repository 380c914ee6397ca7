import type { Ajv, ValidateFunction } from 'ajv';
import { z } from 'zod';
import { declaredDialect, newAjv, type SchemaDialect } from './json-schema-check';

/**
 * Checks a value (tool arguments, a structuredContent) against a tool's JSON Schema, with the
 * same validator the tool checks use. Every problem is reported, each at its JSON Pointer.
 * Runs in the engine: Ajv generates code, which the renderer's CSP forbids.
 */

/** A place where a value broke a schema: a JSON Pointer and what is wrong there. */
export const SchemaProblem = z.object({ path: z.string(), message: z.string() });
export type SchemaProblem = z.infer<typeof SchemaProblem>;

export type ValueCheck = { ok: true } | { ok: false; problems: SchemaProblem[] } | { ok: 'unchecked'; reason: string };

const validators = new Map<SchemaDialect, Ajv>();
/** Compiled validators by schema text; a Call panel checks the same schema on every keystroke. */
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 200;

function compile(schema: object, dialect: SchemaDialect): ValidateFunction {
  const text = JSON.stringify(schema);
  const key = `${dialect}\u0000${text}`;
  const known = compiled.get(key);
  if (known) return known;
  let ajv = validators.get(dialect);
  if (!ajv) {
    ajv = newAjv(dialect, { strict: false, allErrors: true, validateFormats: false, logger: false, addUsedSchema: false });
    validators.set(dialect, ajv);
  }
  // A copy: Ajv keys its own cache by object identity, and the caller's object may change.
  const validate = ajv.compile(JSON.parse(text) as object);
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value as string);
  compiled.set(key, validate);
  return validate;
}

export function validateValue(schema: unknown, value: unknown): ValueCheck {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return { ok: 'unchecked', reason: 'the schema is not a JSON object' };
  const dialect = declaredDialect(schema);
  if (!dialect) return { ok: 'unchecked', reason: `$schema ${JSON.stringify((schema as { $schema?: unknown }).$schema)} is a dialect the validator does not know` };
  let validate: ValidateFunction;
  try {
    validate = compile(schema, dialect);
  } catch (error) {
    return { ok: 'unchecked', reason: `the schema does not compile: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (validate(value)) return { ok: true };
  return {
    ok: false,
    problems: (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string'
        ? `has the property "${e.params.additionalProperty}", which the schema does not allow`
        : e.keyword === 'required' && typeof e.params.missingProperty === 'string' ? `lacks the required property "${e.params.missingProperty}"` : e.message ?? 'is invalid',
    })),
  };
}
