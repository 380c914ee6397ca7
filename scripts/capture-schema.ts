// Writes docs/capture.schema.json from the zod schemas in shared/capture/envelope.ts.
// `--check` only compares and exits 1 when the committed file is stale (CI and the unit test use it).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { captureJsonSchema } from '../shared/capture/capture-json-schema';

export const CAPTURE_SCHEMA_PATH = fileURLToPath(new URL('../docs/capture.schema.json', import.meta.url));

export function renderCaptureSchema(): string {
  return `${JSON.stringify(captureJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = renderCaptureSchema();
  let current = '';
  try {
    current = readFileSync(CAPTURE_SCHEMA_PATH, 'utf8');
  } catch {
    // Missing: written below, or reported as stale with --check.
  }
  if (process.argv.includes('--check')) {
    if (current !== wanted) {
      console.error(`${CAPTURE_SCHEMA_PATH} is out of date with shared/capture/envelope.ts; run \`npm run capture-schema\` and commit it.`);
      process.exit(1);
    }
    console.log(`${CAPTURE_SCHEMA_PATH} is up to date`);
  } else if (current === wanted) {
    console.log(`${CAPTURE_SCHEMA_PATH} is already up to date`);
  } else {
    writeFileSync(CAPTURE_SCHEMA_PATH, wanted);
    console.log(`wrote ${CAPTURE_SCHEMA_PATH}`);
  }
}
