import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Verdict } from '../../shared/domain/gate-result.js';
import { verifyEnvelope } from './dsse.js';
import {
  IN_TOTO_PAYLOAD_TYPE,
  parseStatement,
  parseTestResultPredicate,
  sha256HexOf,
  TEST_RESULT_PREDICATE,
  verdictFromResult,
  type InTotoStatement,
} from './in-toto.js';
import { toP256PublicKey } from './keys.js';

/** What {@link verifyArtifacts} needs. */
export interface VerifyArtifactsInput {
  /** The envelope file's contents. */
  envelope: string;
  /** Where the envelope was read from; its directory is the default place to find subjects. */
  envelopePath: string;
  publicKeyPem: string | KeyObject;
  /** Names this key in errors when the PEM is unusable (e.g. the `--key` path). */
  publicKeyPath?: string;
  /** Directory subject names are resolved against; defaults to the envelope's directory. */
  artifactDir?: string;
  /** In-memory subject bytes by name; consulted before the disk. */
  artifacts?: Record<string, Buffer>;
}

/** One step of verification, in the order they ran. */
export interface VerifyCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/**
 * Result of {@link verifyArtifacts}. `ok` means authentic and untampered; it says nothing about the
 * verdict, which callers must check separately (a validly signed FAIL is still a FAIL). `verdict` is
 * set only when `ok`; `statement` whenever the signature verified.
 */
export interface VerifyArtifactsResult {
  ok: boolean;
  verdict?: Verdict;
  statement?: InTotoStatement;
  checks: VerifyCheck[];
  /** When `ok`: the bytes of every subject, as hashed — read them here rather than from the disk again. */
  subjects?: { name: string; bytes: Buffer }[];
}

/** Verifies a signed gate report envelope and the sha256 of every subject file; returns, never throws, on failure. */
export function verifyArtifacts(input: VerifyArtifactsInput): VerifyArtifactsResult {
  // The one thing that throws: an unusable trusted key is an input error, not a failed verification.
  const publicKey = toP256PublicKey(input.publicKeyPem, input.publicKeyPath ?? '<publicKeyPem>');
  const checks: VerifyCheck[] = [];
  const fail = (name: string, detail: string): VerifyArtifactsResult => {
    checks.push({ name, ok: false, detail });
    return { ok: false, checks };
  };

  let parsed: unknown;
  try {
    parsed = JSON.parse(input.envelope);
  } catch (error) {
    return fail('envelope-json', `${input.envelopePath} is not valid JSON: ${(error as Error).message}`);
  }
  checks.push({ name: 'envelope-json', ok: true, detail: input.envelopePath });

  const envelope = verifyEnvelope(parsed, publicKey);
  if (!envelope.ok) return fail('signature', envelope.reason);
  checks.push({ name: 'signature', ok: true, detail: `signatures[${envelope.signatureIndex}] verifies with the given public key` });

  // payloadType is inside the signed PAE, so it is trustworthy only now; checking it stops a same-key
  // signature over some other kind of payload from being read as a statement.
  if (envelope.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return fail('payload-type', `payloadType is ${JSON.stringify(envelope.payloadType)}, expected ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  checks.push({ name: 'payload-type', ok: true, detail: IN_TOTO_PAYLOAD_TYPE });

  const statement = parseStatement(envelope.payload);
  if (!statement.ok) return fail('statement', statement.reason);
  checks.push({ name: 'statement', ok: true, detail: `${statement.value.subject.length} subject(s)` });

  if (statement.value.predicateType !== TEST_RESULT_PREDICATE) {
    return fail('predicate-type', `predicateType is ${JSON.stringify(statement.value.predicateType)}, expected ${TEST_RESULT_PREDICATE}`);
  }
  checks.push({ name: 'predicate-type', ok: true, detail: TEST_RESULT_PREDICATE });
  const predicate = parseTestResultPredicate(statement.value.predicate);
  if (!predicate.ok) return fail('predicate', predicate.reason);
  const verdict = verdictFromResult(predicate.value.result);
  checks.push({ name: 'predicate', ok: true, detail: `result=${predicate.value.result}` });

  const artifactDir = resolve(input.artifactDir ?? dirname(input.envelopePath));
  let allSubjectsOk = true;
  const subjects: { name: string; bytes: Buffer }[] = [];
  for (const subject of statement.value.subject) {
    const { bytes, ...check } = checkSubject(subject, artifactDir, input.artifacts);
    checks.push(check);
    allSubjectsOk &&= check.ok;
    if (check.ok && bytes) subjects.push({ name: subject.name, bytes });
  }

  // No verdict on failure: a caller printing "PASS" next to a tampered report would be worse than silence.
  return allSubjectsOk ? { ok: true, verdict, statement: statement.value, checks, subjects } : { ok: false, statement: statement.value, checks };
}

function checkSubject(subject: InTotoStatement['subject'][number], artifactDir: string, artifacts: Record<string, Buffer> | undefined): VerifyCheck & { bytes?: Buffer } {
  const name = `subject:${subject.name}`;
  const expected = subject.digest.sha256;
  if (expected === undefined) return { name, ok: false, detail: 'subject has no sha256 digest' };

  let bytes: Buffer;
  const inMemory = artifacts !== undefined && Object.hasOwn(artifacts, subject.name) ? artifacts[subject.name] : undefined;
  if (inMemory !== undefined) {
    bytes = inMemory;
  } else {
    const path = resolve(artifactDir, subject.name);
    const rel = relative(artifactDir, path);
    // Names come from the signed statement, but a signer's "../../etc/x" must still not steer us outside the artifact directory.
    if (isAbsolute(subject.name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
      return { name, ok: false, detail: `subject name ${JSON.stringify(subject.name)} points outside ${artifactDir}` };
    }
    try {
      bytes = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { name, ok: false, detail: code === 'ENOENT' ? `missing file ${path}` : `cannot read ${path} (${code ?? String(error)})` };
    }
  }

  const actual = sha256HexOf(bytes);
  // Hex digests from other producers may be upper-case; the bytes they denote are what matters.
  if (actual !== expected.toLowerCase()) return { name, ok: false, detail: `sha256 mismatch: expected ${expected}, got ${actual}` };
  return { name, ok: true, detail: `sha256 ${actual}`, bytes };
}
