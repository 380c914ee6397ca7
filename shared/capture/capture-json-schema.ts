import { z } from 'zod';
import { CAPTURE_FORMAT, CAPTURE_VERSION, CaptureHeader, Envelope, MetaEvent } from './envelope';

/**
 * The JSON Schema of one line of a `.parallax` file (the header or an envelope), generated from
 * the zod schemas so the two cannot drift. `npm run capture-schema` writes it to
 * docs/capture.schema.json, and a test fails when the committed file is stale.
 */
export function captureJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string; title?: string; description?: string }>();
  registry.add(CaptureHeader, { id: 'CaptureHeader', title: 'Capture header', description: 'The first line of a capture.' });
  registry.add(Envelope, { id: 'Envelope', title: 'Envelope', description: 'One wire event; every line after the header.' });
  registry.add(MetaEvent, { id: 'MetaEvent', title: 'Meta event', description: 'The JSON inside the raw of a `meta` envelope.' });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', io: 'input', uri: (id) => `#/$defs/${id}` });
  const defs = Object.fromEntries(Object.entries(schemas).map(([id, schema]) => {
    // A fragment-only $id is not allowed in 2020-12; the $defs key already names each schema.
    const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
    return [id, rest];
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `MCP Parallax capture line, format "${CAPTURE_FORMAT}" version ${CAPTURE_VERSION}`,
    description: 'A .parallax file is JSON Lines: line 1 is a CaptureHeader, every later line an Envelope. See docs/capture-format.md.',
    anyOf: [{ $ref: '#/$defs/CaptureHeader' }, { $ref: '#/$defs/Envelope' }],
    $defs: defs,
  };
}
