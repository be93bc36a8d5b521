import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/canonical-json.js';
import { signEnvelope, type DsseEnvelope } from './dsse.js';
import { SigningInputError } from './errors.js';
import { buildStatement, IN_TOTO_PAYLOAD_TYPE, TEST_RESULT_PREDICATE } from './in-toto.js';
import { generateSigningKeyPair } from './keys.js';
import { signArtifacts, type SignArtifactsInput } from './sign-report.js';
import { verifyArtifacts, type VerifyArtifactsResult } from './verify-report.js';

const pair = generateSigningKeyPair();
const other = generateSigningKeyPair();
const REPORT = Buffer.from(canonicalJson({ verdict: 'PASS', gates: [{ name: 'latency-p95', verdict: 'PASS' }] }), 'utf8');
const MANIFEST = Buffer.from('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\n', 'utf8');
const POLICY_SHA = '0'.repeat(63) + '1';

let dir: string;
let envelopePath: string;

function input(overrides: Partial<SignArtifactsInput> = {}): SignArtifactsInput {
  return {
    files: [
      { name: 'gate-report.json', bytes: REPORT },
      { name: 'rollout.yaml', bytes: MANIFEST },
    ],
    verdict: 'PASS',
    configuration: [{ name: 'policy.yaml', digest: { sha256: POLICY_SHA } }],
    passedTests: ['latency-p95'],
    warnedTests: [],
    failedTests: [],
    privateKeyPem: pair.privateKeyPem,
    keyId: pair.keyId,
    ...overrides,
  };
}

/** Writes the subjects and the envelope the way the CLI lays them out: side by side. */
function writeSigned(text: string): void {
  writeFileSync(join(dir, 'gate-report.json'), REPORT);
  writeFileSync(join(dir, 'rollout.yaml'), MANIFEST);
  writeFileSync(envelopePath, text);
}

function verify(envelope: string, publicKeyPem = pair.publicKeyPem): VerifyArtifactsResult {
  return verifyArtifacts({ envelope, envelopePath, publicKeyPem });
}

function failed(result: VerifyArtifactsResult): { name: string; detail: string }[] {
  return result.checks.filter((c) => !c.ok).map(({ name, detail }) => ({ name, detail }));
}

function flipByte(path: string, index: number): void {
  const bytes = readFileSync(path);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  writeFileSync(path, bytes);
}

function replaceCharAt(text: string, index: number): string {
  return text.slice(0, index) + (text[index] === 'A' ? 'B' : 'A') + text.slice(index + 1);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-report-'));
  envelopePath = join(dir, 'report.intoto.dsse.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('signArtifacts', () => {
  it('writes a pretty DSSE envelope whose payload is the canonical in-toto statement', () => {
    const text = signArtifacts(input());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "payloadType": "application/vnd.in-toto+json",\n  "payload": "')).toBe(true);
    const envelope = JSON.parse(text) as DsseEnvelope;
    expect(envelope.signatures[0]?.keyid).toBe(pair.keyId);
    const payload = Buffer.from(envelope.payload, 'base64');
    const statement = buildStatement({
      subjects: input().files,
      predicateType: TEST_RESULT_PREDICATE,
      predicate: { result: 'PASSED', configuration: [{ name: 'policy.yaml', digest: { sha256: POLICY_SHA } }], passedTests: ['latency-p95'], warnedTests: [], failedTests: [] },
    });
    expect(payload.toString('utf8')).toBe(canonicalJson(statement));
  });

  it('derives the keyid from the key when none is given', () => {
    const envelope = JSON.parse(signArtifacts(input({ keyId: undefined }))) as DsseEnvelope;
    expect(envelope.signatures[0]?.keyid).toBe(pair.keyId);
  });

  it('rejects a public key in place of the private key', () => {
    expect(() => signArtifacts(input({ privateKeyPem: pair.publicKeyPem }))).toThrow(SigningInputError);
  });
});

describe('verifyArtifacts', () => {
  it('round-trips with files next to the envelope', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const result = verify(text);
    expect(result.ok).toBe(true);
    expect(result.verdict).toBe('PASS');
    expect(result.checks.map((c) => [c.name, c.ok])).toEqual([
      ['envelope-json', true],
      ['signature', true],
      ['payload-type', true],
      ['statement', true],
      ['predicate-type', true],
      ['predicate', true],
      ['subject:gate-report.json', true],
      ['subject:rollout.yaml', true],
    ]);
  });

  it('reports INCONCLUSIVE and FAIL verdicts of a valid envelope', () => {
    for (const verdict of ['INCONCLUSIVE', 'FAIL'] as const) {
      const text = signArtifacts(input({ verdict }));
      writeSigned(text);
      expect(verify(text)).toMatchObject({ ok: true, verdict });
    }
  });

  it('uses artifactDir and in-memory artifacts when given', () => {
    const text = signArtifacts(input());
    const elsewhere = join(dir, 'artifacts');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'gate-report.json'), REPORT);
    writeFileSync(join(elsewhere, 'rollout.yaml'), MANIFEST);
    expect(verifyArtifacts({ envelope: text, envelopePath, publicKeyPem: pair.publicKeyPem, artifactDir: elsewhere }).ok).toBe(true);
    const inMemory = verifyArtifacts({
      envelope: text,
      envelopePath: join(dir, 'nowhere', 'x.json'),
      publicKeyPem: pair.publicKeyPem,
      artifacts: { 'gate-report.json': REPORT, 'rollout.yaml': MANIFEST },
    });
    expect(inMemory.ok).toBe(true);
  });

  it('fails when one byte of the report file changed', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    flipByte(join(dir, 'gate-report.json'), 5);
    const result = verify(text);
    expect(result.ok).toBe(false);
    expect(result.verdict).toBeUndefined();
    expect(failed(result)).toEqual([{ name: 'subject:gate-report.json', detail: expect.stringMatching(/^sha256 mismatch: expected [0-9a-f]{64}, got [0-9a-f]{64}$/) }]);
  });

  it('fails when one byte of the manifest file changed', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    flipByte(join(dir, 'rollout.yaml'), MANIFEST.length - 2);
    const result = verify(text);
    expect(result.ok).toBe(false);
    expect(failed(result).map((c) => c.name)).toEqual(['subject:rollout.yaml']);
  });

  it('fails when a subject file is missing', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    rmSync(join(dir, 'rollout.yaml'));
    const result = verify(text);
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual([{ name: 'subject:rollout.yaml', detail: `missing file ${join(dir, 'rollout.yaml')}` }]);
  });

  it('fails when one character of the envelope payload changed', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const envelope = JSON.parse(text) as DsseEnvelope;
    for (const index of [0, 40, Math.floor(envelope.payload.length / 2), envelope.payload.length - 3]) {
      const tampered = JSON.stringify({ ...envelope, payload: replaceCharAt(envelope.payload, index) });
      const result = verify(tampered);
      expect(result.ok).toBe(false);
      expect(failed(result).map((c) => c.name)).toEqual(['signature']);
    }
  });

  it('fails when one character of the signature changed', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const envelope = JSON.parse(text) as DsseEnvelope;
    const sig = envelope.signatures[0]!.sig;
    for (const index of [0, 20, Math.floor(sig.length / 2), sig.replace(/=+$/, '').length - 1]) {
      const tampered = JSON.stringify({ ...envelope, signatures: [{ keyid: pair.keyId, sig: replaceCharAt(sig, index) }] });
      expect(failed(verify(tampered)).map((c) => c.name)).toEqual(['signature']);
    }
  });

  it('fails when a junk character is inserted into the base64', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const envelope = JSON.parse(text) as DsseEnvelope;
    const mid = Math.floor(envelope.payload.length / 2);
    const junk = JSON.stringify({ ...envelope, payload: `${envelope.payload.slice(0, mid)}*${envelope.payload.slice(mid)}` });
    expect(failed(verify(junk))).toEqual([{ name: 'signature', detail: 'payload is not valid base64' }]);
  });

  it('fails with the wrong public key', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const result = verify(text, other.publicKeyPem);
    expect(result.ok).toBe(false);
    expect(failed(result)).toEqual([{ name: 'signature', detail: 'signatures[0] does not verify with the given public key' }]);
  });

  it('fails when the payloadType is swapped', () => {
    const text = signArtifacts(input());
    writeSigned(text);
    const envelope = JSON.parse(text) as DsseEnvelope;
    // Edited in place: the PAE no longer matches the signature.
    expect(failed(verify(JSON.stringify({ ...envelope, payloadType: 'application/json' }))).map((c) => c.name)).toEqual(['signature']);
    // Honestly signed by the same key, but as another payload type: must not be read as a statement.
    const resigned = signEnvelope('application/json', Buffer.from(envelope.payload, 'base64'), pair.privateKeyPem, pair.keyId);
    expect(failed(verify(JSON.stringify(resigned)))).toEqual([
      { name: 'payload-type', detail: 'payloadType is "application/json", expected application/vnd.in-toto+json' },
    ]);
  });

  it('fails on another predicate type or an invalid test-result predicate', () => {
    writeSigned('');
    const sign = (predicateType: string, predicate: object): string => {
      const statement = buildStatement({ subjects: [{ name: 'gate-report.json', bytes: REPORT }], predicateType, predicate });
      return JSON.stringify(signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(canonicalJson(statement)), pair.privateKeyPem, pair.keyId));
    };
    expect(failed(verify(sign('https://slsa.dev/provenance/v1', {})))).toEqual([
      { name: 'predicate-type', detail: 'predicateType is "https://slsa.dev/provenance/v1", expected https://in-toto.io/attestation/test-result/v0.1' },
    ]);
    expect(failed(verify(sign(TEST_RESULT_PREDICATE, { result: 'OK' }))).map((c) => c.name)).toEqual(['predicate']);
  });

  it('fails on a subject name that escapes the artifact directory', () => {
    // The file really exists outside, so a pass would mean we read it; unique name because /tmp is shared.
    const outside = `${basename(dir)}-outside.json`;
    const statement = buildStatement({ subjects: [{ name: `../${outside}`, bytes: REPORT }], predicateType: TEST_RESULT_PREDICATE, predicate: { result: 'PASSED' } });
    writeFileSync(join(dir, '..', outside), REPORT);
    try {
      const text = JSON.stringify(signEnvelope(IN_TOTO_PAYLOAD_TYPE, Buffer.from(canonicalJson(statement)), pair.privateKeyPem, pair.keyId));
      const result = verify(text);
      expect(result.ok).toBe(false);
      expect(failed(result)[0]?.detail).toMatch(/points outside/);
    } finally {
      rmSync(join(dir, '..', outside), { force: true });
    }
  });

  it('returns, not throws, on bad JSON and a non-envelope', () => {
    const bad = verify('{"payloadType":');
    expect(bad.ok).toBe(false);
    expect(failed(bad)).toEqual([{ name: 'envelope-json', detail: expect.stringContaining(`${envelopePath} is not valid JSON`) }]);
    expect(failed(verify('[]'))).toEqual([{ name: 'signature', detail: 'envelope is not a JSON object' }]);
  });

  it('throws SigningInputError for an unusable public key, naming it', () => {
    const text = signArtifacts(input());
    expect(() => verifyArtifacts({ envelope: text, envelopePath, publicKeyPem: 'garbage', publicKeyPath: 'keys/x.pub.pem' })).toThrow(
      expect.objectContaining({ name: 'SigningInputError', file: 'keys/x.pub.pem' }),
    );
  });
});
