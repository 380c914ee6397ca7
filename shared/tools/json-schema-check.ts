import { Ajv, type ErrorObject, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { issue, type ToolIssue } from './issue';

/**
 * Checks that a tool's inputSchema/outputSchema is a JSON Schema a real validator accepts: valid
 * against its dialect's meta-schema and compilable (every `$ref` resolves). MCP 2025-11-25 says a
 * schema without `$schema` is 2020-12, so that is the default dialect.
 *
 * Note: ajv compiles validators with `new Function`, so this runs in the engine, not under the
 * renderer's CSP.
 */

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const DRAFT_2019 = /^https?:\/\/json-schema\.org\/draft\/2019-09\/schema#?$/;
const DRAFT_2020 = /^https?:\/\/json-schema\.org\/draft\/2020-12\/schema#?$/;

export type SchemaDialect = 'draft-07' | '2019-09' | '2020-12';

// Meta-schema checks report every problem; the compile step only needs to know whether code can
// be generated, so it skips re-validating (already done) and optimising (not run many times).
const metaOptions: Options = { strict: false, allErrors: true, validateFormats: false, logger: false };
const compileOptions: Options = { strict: false, validateFormats: false, logger: false, validateSchema: false, code: { optimize: false } };

export function newAjv(dialect: SchemaDialect, options: Options): Ajv {
  return dialect === 'draft-07' ? new Ajv(options) : dialect === '2019-09' ? new Ajv2019(options) : new Ajv2020(options);
}

// One pair of validators per dialect: building one compiles its meta-schema, which costs far more
// than checking a tool. Each compiled schema is removed again so none leaks into the next.
const validators = new Map<SchemaDialect, { meta: Ajv; compiler: Ajv }>();

function validatorsFor(dialect: SchemaDialect): { meta: Ajv; compiler: Ajv } {
  let pair = validators.get(dialect);
  if (!pair) {
    pair = { meta: newAjv(dialect, metaOptions), compiler: newAjv(dialect, compileOptions) };
    validators.set(dialect, pair);
  }
  return pair;
}

/**
 * Compiling costs milliseconds per schema (code generation), and a schema that passed its
 * meta-schema can only fail to compile through references or regular expressions. Skipping the
 * rest keeps a 1000-tool server from taking seconds.
 */
const MAY_FAIL_TO_COMPILE = /"(\$ref|\$dynamicRef|\$recursiveRef|pattern|patternProperties|\$id)"\s*:/;

/** The dialect a schema's `$schema` names, 2020-12 when it names none, undefined when it names one Ajv does not know. */
export function declaredDialect(schema: object): SchemaDialect | undefined {
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared === undefined) return '2020-12';
  if (typeof declared !== 'string') return undefined;
  return DRAFT_07.test(declared) ? 'draft-07' : DRAFT_2019.test(declared) ? '2019-09' : DRAFT_2020.test(declared) ? '2020-12' : undefined;
}

function describeAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`).join('; ');
}

export interface SchemaCheck {
  dialect?: SchemaDialect;
  issues: ToolIssue[];
}

/**
 * Checks already made, by path and schema text. Every lane of a probe checks the same server's
 * tools, and a live session checks them again on each listing; compiling costs milliseconds.
 */
const checked = new Map<string, SchemaCheck>();
const MAX_CHECKED = 1000;

/** `path` names where the schema sits in the tool, e.g. `/inputSchema`. */
export function checkJsonSchema(schema: unknown, path: string): SchemaCheck {
  let key: string | undefined;
  try {
    key = `${path}\u0000${JSON.stringify(schema)}`;
  } catch {
    // Not JSON text (a cycle, a BigInt): checked without the cache.
  }
  const known = key === undefined ? undefined : checked.get(key);
  if (known) return { ...known, issues: [...known.issues] };
  const result = checkUncached(schema, path);
  if (key !== undefined) {
    if (checked.size >= MAX_CHECKED) checked.delete(checked.keys().next().value as string);
    checked.set(key, { ...result, issues: [...result.issues] });
  }
  return result;
}

function checkUncached(schema: unknown, path: string): SchemaCheck {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return { issues: [issue('schema-not-object', 'error', path, `${path.slice(1)} must be a JSON object, got ${describeType(schema)}`)] };
  }
  const declared = (schema as { $schema?: unknown }).$schema;
  let dialect: SchemaDialect = '2020-12';
  const issues: ToolIssue[] = [];
  if (declared !== undefined) {
    if (typeof declared === 'string' && DRAFT_07.test(declared)) dialect = 'draft-07';
    else if (typeof declared === 'string' && DRAFT_2019.test(declared)) dialect = '2019-09';
    else if (typeof declared === 'string' && DRAFT_2020.test(declared)) dialect = '2020-12';
    else {
      issues.push(issue('schema-dialect-unsupported', 'warning', `${path}/$schema`,
        `$schema ${JSON.stringify(declared)} is not draft-07, 2019-09 or 2020-12; checked as 2020-12, and clients may refuse it`));
      // Ajv refuses to compile a schema whose $schema it does not know; check the rest as 2020-12.
      const { $schema: _unknownDialect, ...rest } = schema as Record<string, unknown>;
      schema = rest;
    }
  }
  const { meta, compiler } = validatorsFor(dialect);
  // A shallow copy is a fresh cache key, so two tools sharing one schema object (or one `$id`) never collide.
  const candidate = { ...(schema as object) };
  try {
    if (!meta.validateSchema(candidate)) {
      issues.push(issue('schema-invalid', 'error', path, `not a valid ${dialect} JSON Schema: ${describeAjvErrors(meta.errors)}`));
      return { dialect, issues };
    }
    if (MAY_FAIL_TO_COMPILE.test(JSON.stringify(candidate))) compiler.compile(candidate);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = /can't resolve reference|resolve/i.test(message) ? 'schema-unresolved-ref' : 'schema-uncompilable';
    issues.push(issue(code, 'error', path, `a JSON Schema validator cannot compile it: ${message}`));
  } finally {
    removeQuietly(compiler, candidate);
  }
  return { dialect, issues };
}

function removeQuietly(ajv: Ajv, schema: object): void {
  try {
    ajv.removeSchema(schema);
  } catch {
    // Nothing was added (validation failed first); nothing to remove.
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
