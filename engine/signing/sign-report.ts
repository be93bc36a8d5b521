import type { KeyObject } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';
import { signEnvelope } from './dsse.js';
import { buildStatement, IN_TOTO_PAYLOAD_TYPE, TEST_RESULT_PREDICATE, testResultPredicate, type TestResultInput } from './in-toto.js';
import { keyIdOf, toP256PrivateKey } from './keys.js';

/** What {@link signArtifacts} needs: the files to attest, the gate outcome and the signing key. */
export interface SignArtifactsInput extends TestResultInput {
  /** Subjects, e.g. the canonical `gate-report.json` and the rollout manifest(s); names are paths relative to the envelope. */
  files: { name: string; bytes: Buffer }[];
  privateKeyPem: string | KeyObject;
  /** Hint written into the envelope; defaults to {@link keyIdOf} the key. */
  keyId?: string;
}

/** Signs the files as a test-result in-toto statement in a DSSE envelope; returns the envelope file text. */
export function signArtifacts(input: SignArtifactsInput): string {
  const privateKey = toP256PrivateKey(input.privateKeyPem, '<privateKeyPem>');
  const statement = buildStatement({
    subjects: input.files,
    predicateType: TEST_RESULT_PREDICATE,
    predicate: testResultPredicate({
      verdict: input.verdict,
      configuration: input.configuration,
      url: input.url,
      passedTests: input.passedTests,
      warnedTests: input.warnedTests,
      failedTests: input.failedTests,
    }),
  });
  // Canonical bytes make the payload reproducible from the same inputs, so diffs between runs are real.
  const payload = Buffer.from(canonicalJson(statement), 'utf8');
  const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, privateKey, input.keyId ?? keyIdOf(privateKey));
  return `${JSON.stringify(envelope, null, 2)}\n`;
}
