import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputError } from '../../test-support/input-error.js';
import { useTempStore } from '../../test-support/temp-store.js';
import { readSuiteFile, resolveSuite } from './load-suite.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-load-suite-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function suiteFile(text: string): string {
  const file = join(tmp, `suite-${n++}.yaml`);
  writeFileSync(file, text);
  return file;
}

const caseYaml = (id: string, extra = '') => `  - id: ${id}
    input:
      messages:
        - role: user
          content: hello
    expectations:
      - type: contains
        value: hi
${extra}`;

describe('suite errors name the file, line and field', () => {
  it('a duplicate case id: the line of the second id, and where the first is', () => {
    const file = suiteFile(`name: s\ncases:\n${caseYaml('a')}${caseYaml('b')}${caseYaml('a')}`);
    const err = inputError(() => readSuiteFile(file));
    expect(err.where).toEqual({ file, line: 19, field: 'cases.2.id' });
    expect(err.message).toBe('duplicate case id "a" (first used by cases.0, line 3)');
    expect(err.describe()).toBe(`${file}:19: cases.2.id: duplicate case id "a" (first used by cases.0, line 3)`);
  });

  it('a regex that does not compile, in a case', () => {
    const file = suiteFile(`name: s\ncases:\n${caseYaml('a', "      - type: regex\n        pattern: '(unclosed'\n")}`);
    const err = inputError(() => readSuiteFile(file));
    expect(err.where).toEqual({ file, line: 12, field: 'cases.0.expectations.1.pattern' });
    expect(err.message).toMatch(/^invalid regular expression \/\(unclosed\/: .*Unterminated group/);
  });

  it('a regex with bad flags, in a slice selection', () => {
    const file = suiteFile('name: s\ntraffic:\n  expectations_by_slice:\n    billing:\n      - type: regex\n        pattern: "\\\\d+"\n        flags: zz\n');
    const err = inputError(() => readSuiteFile(file));
    expect(err.where).toEqual({ file, line: 6, field: 'traffic.expectations_by_slice.billing.0.pattern' });
    expect(err.message).toMatch(/^invalid regular expression \/\\d\+\/zz: .*flags/i);
  });

  it('a JSON Schema that does not compile, and an unknown language code', () => {
    const schemaFile = suiteFile(`name: s\ncases:\n${caseYaml('a', '      - type: json_schema\n        schema: { type: objekt }\n')}`);
    const err = inputError(() => readSuiteFile(schemaFile));
    expect(err.where).toEqual({ file: schemaFile, line: 12, field: 'cases.0.expectations.1.schema' });
    expect(err.message).toMatch(/schema/i);
    const langFile = suiteFile(`name: s\ncases:\n${caseYaml('a')}${caseYaml('b', '      - type: language\n        expected: xx\n')}`);
    const lang = inputError(() => readSuiteFile(langFile));
    expect(lang.where).toEqual({ file: langFile, line: 20, field: 'cases.1.expectations.1.expected' });
    expect(lang.message).toMatch(/^unknown language code "xx"/);
  });

  it('a wrong type, a bad enum, an unknown key and a missing field of a case', () => {
    const at = (text: string) => {
      const file = suiteFile(text);
      const err = inputError(() => readSuiteFile(file));
      expect(err.where.file).toBe(file);
      return `${err.where.line}: ${err.where.field}: ${err.message}`;
    };
    expect(at(`name: s\ncases:\n${caseYaml('a', '    status: approved\n')}`)).toMatch(/^11: cases\.0\.status: Invalid option: expected one of "draft"\|"active"\|"retired"/);
    expect(at(`name: s\ncases:\n${caseYaml('a', '    tags: edge\n')}`)).toMatch(/^11: cases\.0\.tags: Invalid input: expected array/);
    expect(at(`name: s\ncases:\n${caseYaml('a', '    refrence: x\n')}`)).toBe('11: cases.0.refrence: unknown key `refrence` — did you mean `reference`?');
    expect(at(`name: s\ncases:\n${caseYaml('a', '    status_history:\n      - { status: active, at: "2026-01-01" }\n')}`)).toMatch(/^12: cases\.0\.status_history\.0\.by: /);
    expect(at(`name: s\ncases:\n${caseYaml('a', '    provenance: { source: capture, line: zero }\n')}`)).toMatch(/^11: cases\.0\.provenance/);
  });

  it('accepts the lifecycle fields, a structured or plain provenance, and a reference', () => {
    const file = suiteFile(
      `name: s\ncases:\n${caseYaml('a', '    status: draft\n    status_history:\n      - { status: draft, by: ana, at: "2026-11-02T10:00:00Z" }\n    reference: The answer.\n    provenance: { source: capture, file: traffic.jsonl, line: 4, trace_id: t-1, sample_id: 9, fingerprint: 0123abcd, captured_at: "2026-11-01T00:00:00Z" }\n')}${caseYaml('b', '    provenance: capture:42\n')}`,
    );
    const suite = readSuiteFile(file);
    expect(suite.cases[0]).toMatchObject({ status: 'draft', reference: 'The answer.', status_history: [{ status: 'draft', by: 'ana' }], provenance: { source: 'capture', line: 4 } });
    expect(suite.cases[1]!.provenance).toBe('capture:42');
  });
});

describe('resolveSuite', () => {
  const temp = useTempStore('cg-resolve-');
  it('replays only active cases, and its digest covers the pairwise judge and the judges\' fingerprints', () => {
    const plain = suiteFile(`name: s\ncases:\n${caseYaml('a')}${caseYaml('b', '    status: draft\n')}${caseYaml('c', '    status: retired\n')}`);
    const resolved = resolveSuite(plain, temp.store);
    expect(resolved.cases.map((c) => c.id)).toEqual(['a']);
    const withJudge = suiteFile(`name: s\npairwise_judge:\n  rubric: Which answer is more helpful?\ncases:\n${caseYaml('a')}`);
    const judged = resolveSuite(withJudge, temp.store);
    expect(judged.cases).toEqual(resolved.cases);
    expect(judged.digest).not.toBe(resolved.digest);
    // No fingerprints, or an empty map, leave the digest as it was; a judge's fingerprint changes it.
    expect(resolveSuite(plain, temp.store, {}).digest).toBe(resolved.digest);
    expect(resolveSuite(plain, temp.store, { judgeFingerprints: {} }).digest).toBe(resolved.digest);
    const a = resolveSuite(withJudge, temp.store, { judgeFingerprints: { judge: 'sha256:aaa' } }).digest;
    const b = resolveSuite(withJudge, temp.store, { judgeFingerprints: { judge: 'sha256:bbb' } }).digest;
    expect(new Set([judged.digest, a, b]).size).toBe(3);
    expect(resolveSuite(withJudge, temp.store, { judgeFingerprints: { judge: 'sha256:aaa' } }).digest).toBe(a);
  });

  it('a suite whose cases are all drafts has no cases to run, and says so', () => {
    const file = suiteFile(`name: s\ncases:\n${caseYaml('a', '    status: draft\n')}`);
    expect(inputError(() => resolveSuite(file, temp.store)).message).toBe('the suite has no active cases');
  });
});
