// Public surface of engine/signing: DSSE-signed in-toto test-result attestations over gate reports.
export { SigningInputError } from './errors.js';
export {
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  loadPublicKey,
  parsePrivateKeyText,
  parsePublicKeyText,
  writeKeyPair,
  PRIVATE_KEY_FILE,
  PUBLIC_KEY_FILE,
  type SigningKeyPair,
  type WrittenKeyPaths,
} from './keys.js';
export { decodeBase64Strict } from './base64.js';
export { pae, signEnvelope, verifyEnvelope, type DsseEnvelope, type DsseSignature, type VerifyEnvelopeResult } from './dsse.js';
export {
  buildStatement,
  parseStatement,
  parseTestResultPredicate,
  sha256HexOf,
  testResultPredicate,
  verdictFromResult,
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_TYPE,
  TEST_RESULT_PREDICATE,
  type InTotoStatement,
  type ParsedTestResultPredicate,
  type ParseResult,
  type ResourceDescriptor,
  type TestResultPredicate,
} from './in-toto.js';
export { signArtifacts, type SignArtifactsInput } from './sign-report.js';
export { verifyArtifacts, type VerifyArtifactsInput, type VerifyArtifactsResult, type VerifyCheck } from './verify-report.js';
