import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Verdict } from '../../shared/domain/gate-result.js';

/** `_type` of an in-toto Statement v1. */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
/** The vetted in-toto test-result predicate, which `cosign verify-blob-attestation --type` names. */
export const TEST_RESULT_PREDICATE = 'https://in-toto.io/attestation/test-result/v0.1';
/** DSSE payloadType for in-toto statements. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters');

/** An in-toto ResourceDescriptor as we use it for subjects and configuration entries. */
export interface ResourceDescriptor {
  name: string;
  digest: { sha256: string } & Record<string, string>;
  uri?: string;
}

/** The test-result v0.1 predicate. */
export interface TestResultPredicate {
  result: 'PASSED' | 'WARNED' | 'FAILED';
  configuration: ResourceDescriptor[];
  url?: string;
  passedTests: string[];
  warnedTests: string[];
  failedTests: string[];
}

// in-toto says consumers must ignore unknown fields, so these schemas are loose on extra members
// but strict on the members we rely on.
const resourceDescriptorSchema = z.looseObject({
  name: z.string().optional(),
  uri: z.string().optional(),
  digest: z.record(z.string(), z.string()).optional(),
});

const statementSchema = z.looseObject({
  _type: z.literal(IN_TOTO_STATEMENT_TYPE),
  subject: z
    .array(
      z.looseObject({
        name: z.string(),
        digest: z.record(z.string(), z.string()).refine((d) => Object.keys(d).length > 0, 'digest must not be empty'),
      }),
    )
    .min(1),
  predicateType: z.string().min(1),
  predicate: z.record(z.string(), z.unknown()),
});

const testResultPredicateSchema = z.looseObject({
  result: z.enum(['PASSED', 'WARNED', 'FAILED']),
  configuration: z.array(resourceDescriptorSchema).optional(),
  url: z.string().optional(),
  passedTests: z.array(z.string()).optional(),
  warnedTests: z.array(z.string()).optional(),
  failedTests: z.array(z.string()).optional(),
});

/** A parsed in-toto Statement v1. */
export type InTotoStatement = z.infer<typeof statementSchema>;
/** A parsed test-result predicate (fields other producers may omit stay optional). */
export type ParsedTestResultPredicate = z.infer<typeof testResultPredicateSchema>;

/** Outcome of parsing: the value, or a one-line reason naming the offending path. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Builds an in-toto Statement v1 whose subjects carry the sha256 of the given bytes. */
export function buildStatement<P extends object>(input: {
  subjects: { name: string; bytes: Buffer }[];
  predicateType: string;
  predicate: P;
}): { _type: typeof IN_TOTO_STATEMENT_TYPE; subject: ResourceDescriptor[]; predicateType: string; predicate: P } {
  if (input.subjects.length === 0) throw new TypeError('buildStatement: at least one subject is required');
  const seen = new Set<string>();
  for (const { name } of input.subjects) {
    // Verifiers look subjects up by name, so an empty or repeated name would make the check ambiguous.
    if (name === '') throw new TypeError('buildStatement: subject name must not be empty');
    if (seen.has(name)) throw new TypeError(`buildStatement: duplicate subject name ${JSON.stringify(name)}`);
    seen.add(name);
  }
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: input.subjects.map(({ name, bytes }) => ({ name, digest: { sha256: sha256HexOf(bytes) } })),
    predicateType: input.predicateType,
    predicate: input.predicate,
  };
}

/** What a test-result predicate is made from: the gate verdict, the configuration it ran with, the gate names. */
export interface TestResultInput {
  verdict: Verdict;
  configuration: { name: string; digest: { sha256: string }; uri?: string }[];
  url?: string;
  passedTests: string[];
  warnedTests: string[];
  failedTests: string[];
}

/** Builds the test-result predicate from a gate verdict; INCONCLUSIVE becomes WARNED as FORMATS.md says. */
export function testResultPredicate(input: TestResultInput): TestResultPredicate {
  for (const entry of input.configuration) {
    const parsed = sha256Hex.safeParse(entry.digest.sha256);
    if (!parsed.success) throw new TypeError(`testResultPredicate: configuration ${JSON.stringify(entry.name)} digest.sha256 must be 64 lowercase hex characters`);
  }
  const predicate: TestResultPredicate = {
    result: VERDICT_TO_RESULT[input.verdict],
    configuration: input.configuration.map((c) => ({
      name: c.name,
      digest: { sha256: c.digest.sha256 },
      ...(c.uri === undefined ? {} : { uri: c.uri }),
    })),
    passedTests: [...input.passedTests],
    warnedTests: [...input.warnedTests],
    failedTests: [...input.failedTests],
  };
  if (input.url !== undefined) predicate.url = input.url;
  return predicate;
}

const VERDICT_TO_RESULT: Record<Verdict, TestResultPredicate['result']> = {
  PASS: 'PASSED',
  FAIL: 'FAILED',
  INCONCLUSIVE: 'WARNED',
};

/** Maps a test-result `result` back to our verdict (WARNED reads as INCONCLUSIVE). */
export function verdictFromResult(result: TestResultPredicate['result']): Verdict {
  return result === 'PASSED' ? 'PASS' : result === 'FAILED' ? 'FAIL' : 'INCONCLUSIVE';
}

/** Parses DSSE payload bytes as an in-toto Statement v1 (strict UTF-8, then JSON, then shape). */
export function parseStatement(payload: Buffer): ParseResult<InTotoStatement> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(payload);
  } catch {
    return { ok: false, reason: 'statement is not valid UTF-8' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `statement is not valid JSON: ${(error as Error).message}` };
  }
  return fromZod(statementSchema.safeParse(json), 'statement');
}

/** Validates a statement's predicate as test-result v0.1. */
export function parseTestResultPredicate(predicate: unknown): ParseResult<ParsedTestResultPredicate> {
  return fromZod(testResultPredicateSchema.safeParse(predicate), 'predicate');
}

/** Lowercase hex SHA-256 of bytes, the digest form in-toto subjects use. */
export function sha256HexOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fromZod<T>(result: z.ZodSafeParseResult<T>, what: string): ParseResult<T> {
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${what}.${issue.path.map(String).join('.')}` : what;
  return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
}
