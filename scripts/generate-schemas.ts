/**
 * Writes the JSON Schemas of canary-gate.yaml, suites and gate policies into schemas/, generated from the zod
 * schemas (shared/domain). A test fails when the committed files drift from the zod schemas.
 *
 *   npm run schemas            (npx tsx scripts/generate-schemas.ts [--check])
 *
 * --check writes nothing and exits 1 when a committed file differs from what the generator produces.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../engine/package-root.js';
import { jsonSchemaText, PACKAGE_SCHEMA_DIR, schemaFileName, schemaKinds } from '../engine/suites/json-schemas.js';

const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
const dir = join(packageRoot(), PACKAGE_SCHEMA_DIR);
let stale = 0;
for (const kind of schemaKinds) {
  const file = join(dir, schemaFileName(kind));
  const text = jsonSchemaText(kind);
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {
    // missing: written below, or stale under --check
  }
  if (committed === text) continue;
  stale++;
  if (values.check) {
    process.stderr.write(`${PACKAGE_SCHEMA_DIR}/${schemaFileName(kind)} is out of date: run npm run schemas\n`);
    continue;
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  process.stdout.write(`wrote ${PACKAGE_SCHEMA_DIR}/${schemaFileName(kind)}\n`);
}
if (values.check && stale > 0) process.exit(1);
if (!values.check && stale === 0) process.stdout.write('schemas are up to date\n');
