import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  buildStatement,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  parseStatement,
  parseTestResultPredicate,
  TEST_RESULT_PREDICATE,
  testResultPredicate,
  verdictFromResult,
} from './in-toto.js';

const POLICY_SHA = 'a'.repeat(64);

describe('constants', () => {
  it('name the public in-toto URIs', () => {
    expect(IN_TOTO_STATEMENT_TYPE).toBe('https://in-toto.io/Statement/v1');
    expect(TEST_RESULT_PREDICATE).toBe('https://in-toto.io/attestation/test-result/v0.1');
    expect(IN_TOTO_PAYLOAD_TYPE).toBe('application/vnd.in-toto+json');
  });
});

describe('buildStatement', () => {
  it('hashes each subject with sha256 hex', () => {
    const statement = buildStatement({
      subjects: [
        { name: 'gate-report.json', bytes: Buffer.from('{"verdict":"PASS"}') },
        { name: 'rollout.yaml', bytes: Buffer.alloc(0) },
      ],
      predicateType: TEST_RESULT_PREDICATE,
      predicate: { result: 'PASSED' },
    });
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'gate-report.json', digest: { sha256: createHash('sha256').update('{"verdict":"PASS"}').digest('hex') } },
        { name: 'rollout.yaml', digest: { sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } },
      ],
      predicateType: TEST_RESULT_PREDICATE,
      predicate: { result: 'PASSED' },
    });
  });

  it('rejects no subjects, empty names and duplicate names', () => {
    const base = { predicateType: 'x', predicate: {} };
    expect(() => buildStatement({ ...base, subjects: [] })).toThrow(/at least one subject/);
    expect(() => buildStatement({ ...base, subjects: [{ name: '', bytes: Buffer.alloc(0) }] })).toThrow(/must not be empty/);
    const dup = { name: 'a.json', bytes: Buffer.alloc(0) };
    expect(() => buildStatement({ ...base, subjects: [dup, dup] })).toThrow(/duplicate subject name "a.json"/);
  });
});

describe('testResultPredicate', () => {
  const common = {
    configuration: [{ name: 'policy.yaml', digest: { sha256: POLICY_SHA }, uri: 'file:evals/policy.yaml' }],
    passedTests: ['latency-p95'],
    warnedTests: ['refusal-rate'],
    failedTests: [],
  };

  it('maps PASS/FAIL/INCONCLUSIVE to PASSED/FAILED/WARNED', () => {
    expect(testResultPredicate({ ...common, verdict: 'PASS' }).result).toBe('PASSED');
    expect(testResultPredicate({ ...common, verdict: 'FAIL' }).result).toBe('FAILED');
    expect(testResultPredicate({ ...common, verdict: 'INCONCLUSIVE' }).result).toBe('WARNED');
    expect(verdictFromResult('PASSED')).toBe('PASS');
    expect(verdictFromResult('FAILED')).toBe('FAIL');
    expect(verdictFromResult('WARNED')).toBe('INCONCLUSIVE');
  });

  it('builds the full predicate, omitting url when absent', () => {
    expect(testResultPredicate({ ...common, verdict: 'INCONCLUSIVE' })).toEqual({
      result: 'WARNED',
      configuration: [{ name: 'policy.yaml', digest: { sha256: POLICY_SHA }, uri: 'file:evals/policy.yaml' }],
      passedTests: ['latency-p95'],
      warnedTests: ['refusal-rate'],
      failedTests: [],
    });
    expect('url' in testResultPredicate({ ...common, verdict: 'PASS' })).toBe(false);
    expect(testResultPredicate({ ...common, verdict: 'PASS', url: 'https://ci.example/run/1' }).url).toBe('https://ci.example/run/1');
  });

  it('rejects a configuration digest that is not sha256 hex', () => {
    expect(() => testResultPredicate({ ...common, verdict: 'PASS', configuration: [{ name: 'p', digest: { sha256: 'XYZ' } }] })).toThrow(/"p" digest\.sha256/);
  });
});

describe('parseStatement', () => {
  const statement = buildStatement({
    subjects: [{ name: 'gate-report.json', bytes: Buffer.from('x') }],
    predicateType: TEST_RESULT_PREDICATE,
    predicate: testResultPredicate({ verdict: 'FAIL', configuration: [], passedTests: [], warnedTests: [], failedTests: ['g1'] }),
  });

  it('parses what buildStatement builds', () => {
    const parsed = parseStatement(Buffer.from(JSON.stringify(statement)));
    expect(parsed).toEqual({ ok: true, value: statement });
  });

  it('ignores unknown fields, as in-toto requires of consumers', () => {
    const parsed = parseStatement(Buffer.from(JSON.stringify({ ...statement, futureField: 1 })));
    expect(parsed.ok).toBe(true);
  });

  it('rejects bad bytes, bad JSON and bad shapes with a reason naming the path', () => {
    const cases: [Buffer, RegExp][] = [
      [Buffer.from([0xff, 0xfe, 0x7b]), /not valid UTF-8/],
      [Buffer.from('{not json'), /not valid JSON/],
      [Buffer.from('[]'), /^statement: /],
      [Buffer.from(JSON.stringify({ ...statement, _type: 'https://in-toto.io/Statement/v0.1' })), /statement\._type/],
      [Buffer.from(JSON.stringify({ ...statement, subject: [] })), /statement\.subject/],
      [Buffer.from(JSON.stringify({ ...statement, subject: [{ name: 'a', digest: {} }] })), /statement\.subject\.0\.digest: digest must not be empty/],
      [Buffer.from(JSON.stringify({ ...statement, subject: [{ digest: { sha256: POLICY_SHA } }] })), /statement\.subject\.0\.name/],
      [Buffer.from(JSON.stringify({ ...statement, predicateType: '' })), /statement\.predicateType/],
      [Buffer.from(JSON.stringify({ ...statement, predicate: 'PASSED' })), /statement\.predicate/],
    ];
    for (const [bytes, reason] of cases) {
      const parsed = parseStatement(bytes);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.reason).toMatch(reason);
    }
  });

  it('validates the test-result predicate separately', () => {
    expect(parseTestResultPredicate(statement.predicate).ok).toBe(true);
    expect(parseTestResultPredicate({ result: 'PASSED' }).ok).toBe(true);
    const bad = parseTestResultPredicate({ result: 'PASS' });
    expect(!bad.ok && bad.reason).toMatch(/^predicate\.result/);
    const badTests = parseTestResultPredicate({ result: 'PASSED', failedTests: [1] });
    expect(!badTests.ok && badTests.reason).toMatch(/^predicate\.failedTests\.0/);
  });
});
