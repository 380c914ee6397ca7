import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import { captureJsonSchema } from './capture-json-schema';
import type { Envelope } from './envelope';

/**
 * The loader's check of one envelope: a validator compiled once, by Ajv, from the capture's JSON
 * Schema (itself generated from the zod `Envelope`, see capture-json-schema.ts), so the check is
 * plain generated code with no second statement of the schema to drift. It is about four times
 * cheaper than `Envelope.safeParse` per line, which let a load approach the cost of a bare
 * `JSON.parse` (docs/performance.md). `envelope-validator.fuzz.test.ts` proves it accepts and
 * returns exactly what the zod schema does, over generated valid and damaged envelopes.
 *
 * Like zod's object schemas it drops keys the schema does not name (Ajv's `removeAdditional`,
 * at every level), in place: the value is a fresh `JSON.parse` result nobody else holds.
 * Ajv compiles with `new Function`, so this runs on the Node side only, never under the
 * renderer's CSP.
 */

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ removeAdditional: 'all', strict: false, allErrors: false, validateFormats: false, logger: false });
    ajv.addSchema({ ...captureJsonSchema(), $id: 'parallax-capture-line' });
    const validate = ajv.getSchema('parallax-capture-line#/$defs/Envelope');
    if (!validate) throw new Error('The capture JSON Schema has no Envelope definition');
    compiled = validate;
  }
  return compiled;
}

/** The envelope, stripped of unknown keys in place, or undefined when it does not fit the schema (ask zod why: it words the reason). */
export function checkEnvelope(value: unknown): Envelope | undefined {
  return validator()(value) ? (value as Envelope) : undefined;
}
