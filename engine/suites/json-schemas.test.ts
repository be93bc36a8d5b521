import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../package-root.js';
import { initWorkspace } from '../workspace.js';
import { jsonSchemaText, PACKAGE_SCHEMA_DIR, schemaFileName, schemaKinds, withSchemaModeline, type SchemaKind } from './json-schemas.js';

const root = packageRoot();
const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<SchemaKind, ValidateFunction>();
function validatorOf(kind: SchemaKind): ValidateFunction {
  let v = validators.get(kind);
  if (!v) validators.set(kind, (v = ajv.compile(JSON.parse(readFileSync(join(root, PACKAGE_SCHEMA_DIR, schemaFileName(kind)), 'utf8')) as object)));
  return v;
}
function errorsOf(kind: SchemaKind, data: unknown): string[] {
  const v = validatorOf(kind);
  return v(data) ? [] : (v.errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${e.message ?? ''}`);
}
const yamlOf = (file: string): unknown => parse(readFileSync(file, 'utf8'));
const yamlIn = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(root, dir, f));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('JSON Schemas generated from the zod schemas', () => {
  it('the shipped files are what the zod schemas generate (run `npm run schemas` after changing a schema)', () => {
    for (const kind of schemaKinds) {
      const file = join(root, PACKAGE_SCHEMA_DIR, schemaFileName(kind));
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, 'utf8'), `${file} is stale: run npm run schemas`).toBe(jsonSchemaText(kind));
    }
  });

  it('the shipped example files validate', () => {
    expect(errorsOf('canary-gate', yamlOf(join(root, 'canary-gate.yaml')))).toEqual([]);
    for (const f of yamlIn('fixtures/workspace')) expect(errorsOf('canary-gate', yamlOf(f)), f).toEqual([]);
    const suites = yamlIn('evals/suites');
    expect(suites.length).toBeGreaterThan(0);
    for (const f of suites) expect(errorsOf('suite', yamlOf(f)), f).toEqual([]);
    for (const f of yamlIn('evals/policies')) expect(errorsOf('policy', yamlOf(f)), f).toEqual([]);
  });

  it('every shipped file points its editor at the package schema of its kind, and the path resolves', () => {
    const files: [string, SchemaKind][] = [
      ['canary-gate.yaml', 'canary-gate'],
      ...yamlIn('fixtures/workspace').map((f) => [f, 'canary-gate'] as [string, SchemaKind]),
      ...yamlIn('evals/suites').map((f) => [f, 'suite'] as [string, SchemaKind]),
      ...yamlIn('evals/policies').map((f) => [f, 'policy'] as [string, SchemaKind]),
    ];
    for (const [f, kind] of files) {
      const file = resolve(root, f);
      const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(file, 'utf8'));
      expect(m, file).not.toBeNull();
      expect(resolve(dirname(file), m![1]!)).toBe(join(root, PACKAGE_SCHEMA_DIR, schemaFileName(kind)));
    }
  });

  it('rejects an unknown key, a wrong type and a bad enum value, naming where', () => {
    const config = yamlOf(join(root, 'canary-gate.yaml')) as { targets: Record<string, Record<string, unknown>> };
    expect(errorsOf('canary-gate', { ...config, tragets: {} })).toEqual([expect.stringMatching(/^ additionalProperties/)]);
    expect(errorsOf('canary-gate', { ...config, targets: { baseline: { ...config.targets.baseline, provider: 'openai' } } }).join('\n')).toMatch(/\/targets\/baseline\/provider enum/);
    expect(errorsOf('canary-gate', { ...config, defaults: { concurrency: 'eight' } }).join('\n')).toMatch(/\/defaults\/concurrency type/);

    const suite = yamlOf(join(root, 'evals/suites/support-bot.yaml')) as { cases: Record<string, unknown>[] };
    const withCase = (patch: Record<string, unknown>) => ({ ...suite, cases: [{ ...suite.cases[0], ...patch }] });
    expect(errorsOf('suite', withCase({ statuss: 'active' })).join('\n')).toMatch(/\/cases\/0 additionalProperties/);
    expect(errorsOf('suite', withCase({ status: 'approved' })).join('\n')).toMatch(/\/cases\/0\/status enum/);
    expect(errorsOf('suite', withCase({ tags: 'edge-case' })).join('\n')).toMatch(/\/cases\/0\/tags type/);
    expect(errorsOf('suite', withCase({ expectations: [{ type: 'contains' }] })).length).toBeGreaterThan(0);
    expect(errorsOf('suite', withCase({ expectations: [{ type: 'contians', value: 'x' }] })).length).toBeGreaterThan(0);
    expect(errorsOf('suite', { ...suite, name: 'Support Bot' }).join('\n')).toMatch(/\/name pattern/);
    expect(errorsOf('suite', withCase({ provenance: { source: 'capture', line: 3 } }))).toEqual([]);
    expect(errorsOf('suite', withCase({ provenance: { source: 'email' } })).length).toBeGreaterThan(0);

    const policy = yamlOf(join(root, 'evals/policies/model-upgrade.yaml')) as Record<string, unknown>;
    expect(errorsOf('policy', { ...policy, confidense: 0.9 }).join('\n')).toMatch(/additionalProperties/);
    expect(errorsOf('policy', { ...policy, confidence: 'high' }).join('\n')).toMatch(/\/confidence type/);
    expect(errorsOf('policy', { ...policy, decision: 'vote' }).join('\n')).toMatch(/\/decision enum/);
  });
});

describe('init', () => {
  it('copies the schemas into evals/.schemas/ and points every file it writes at them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-schemas-'));
    dirs.push(dir);
    const { created } = initWorkspace(dir);
    expect(created).toEqual(expect.arrayContaining(['evals/.schemas/canary-gate.schema.json', 'evals/.schemas/suite.schema.json', 'evals/.schemas/policy.schema.json']));
    const yamlFiles = created.filter((f) => f.endsWith('.yaml'));
    expect(yamlFiles).toEqual(expect.arrayContaining(['canary-gate.yaml', 'evals/suites/support-bot.yaml', 'evals/policies/model-upgrade.yaml']));
    for (const rel of yamlFiles) {
      const file = join(dir, rel);
      const text = readFileSync(file, 'utf8');
      const m = /^# yaml-language-server: \$schema=(\S+)$/m.exec(text);
      expect(m, rel).not.toBeNull();
      const target = resolve(dirname(file), m![1]!);
      expect(target.startsWith(join(dir, 'evals', '.schemas')), `${rel} -> ${target}`).toBe(true);
      expect(existsSync(target), target).toBe(true);
      const kind = rel === 'canary-gate.yaml' ? 'canary-gate' : rel.startsWith('evals/suites/') ? 'suite' : 'policy';
      expect(target.endsWith(schemaFileName(kind))).toBe(true);
      const validate = ajv.compile(JSON.parse(readFileSync(target, 'utf8')) as object);
      expect(validate(parse(text)), `${rel}: ${JSON.stringify(validate.errors)}`).toBe(true);
      // Only the modeline differs from the package's file.
      expect(text.split('\n').slice(1)).toEqual(readFileSync(join(root, rel === 'canary-gate.yaml' ? 'fixtures/workspace/canary-gate.yaml' : rel), 'utf8').split('\n').slice(1));
    }
    // A second init writes nothing (schemas unchanged), a stale schema copy is refreshed.
    expect(initWorkspace(dir).created).toEqual([]);
  });

  it('adds a modeline to a file without one, and replaces an existing one', () => {
    expect(withSchemaModeline('name: x\n', '/ws/evals/suites/x.yaml', '/ws', 'suite')).toBe('# yaml-language-server: $schema=../.schemas/suite.schema.json\nname: x\n');
    expect(withSchemaModeline('# yaml-language-server: $schema=../../schemas/suite.schema.json\nname: x\n', '/ws/evals/suites/x.yaml', '/ws', 'suite')).toBe(
      '# yaml-language-server: $schema=../.schemas/suite.schema.json\nname: x\n',
    );
    expect(withSchemaModeline('targets: {}\n', '/ws/canary-gate.yaml', '/ws', 'canary-gate')).toBe('# yaml-language-server: $schema=evals/.schemas/canary-gate.schema.json\ntargets: {}\n');
  });
});
