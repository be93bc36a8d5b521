import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pae, signEnvelope, verifyEnvelope } from './dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from './in-toto.js';
import { generateSigningKeyPair } from './keys.js';

// An independent implementation (OpenSSL's CLI) checks our PAE bytes, DER signatures and key ids.
const OPENSSL = '/usr/bin/openssl';
const pair = generateSigningKeyPair();
const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1","note":"h\u00e9llo"}', 'utf8');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-openssl-'));
  writeFileSync(join(dir, 'pub.pem'), pair.publicKeyPem);
  writeFileSync(join(dir, 'key.pem'), pair.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'pae.bin'), pae(IN_TOTO_PAYLOAD_TYPE, payload));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function openssl(args: string[]): { status: number | null; stdout: string } {
  const run = spawnSync(OPENSSL, args, { cwd: dir, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout };
}

describe('openssl interop', () => {
  it('openssl verifies our DER signature over the PAE bytes', () => {
    const envelope = signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, pair.privateKeyPem, pair.keyId);
    writeFileSync(join(dir, 'sig.der'), Buffer.from(envelope.signatures[0]!.sig, 'base64'));
    expect(openssl(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'pae.bin'])).toEqual({ status: 0, stdout: 'Verified OK\n' });

    // And it is the PAE that is signed, not the payload or its base64.
    writeFileSync(join(dir, 'payload.bin'), payload);
    expect(openssl(['dgst', '-sha256', '-verify', 'pub.pem', '-signature', 'sig.der', 'payload.bin']).status).not.toBe(0);
  });

  it('we verify a signature openssl made over our PAE bytes', () => {
    execFileSync(OPENSSL, ['dgst', '-sha256', '-sign', 'key.pem', '-out', 'openssl-sig.der', 'pae.bin'], { cwd: dir });
    const sig = readFileSync(join(dir, 'openssl-sig.der'));
    const envelope = { payloadType: IN_TOTO_PAYLOAD_TYPE, payload: payload.toString('base64'), signatures: [{ keyid: '', sig: sig.toString('base64') }] };
    const result = verifyEnvelope(envelope, pair.publicKeyPem);
    expect(result.ok && result.payload.equals(payload)).toBe(true);
  });

  it('the key id equals sha256 of the DER SPKI as openssl encodes it', () => {
    execFileSync(OPENSSL, ['pkey', '-pubin', '-in', 'pub.pem', '-outform', 'DER', '-out', 'pub.der'], { cwd: dir });
    const out = execFileSync(OPENSSL, ['dgst', '-sha256', '-r', 'pub.der'], { cwd: dir, encoding: 'utf8' });
    expect(out.split(' ')[0]).toBe(pair.keyId);
  });

  it('openssl reads our private key as an EC P-256 PKCS#8 key', () => {
    const text = execFileSync(OPENSSL, ['pkey', '-in', 'key.pem', '-noout', '-text'], { cwd: dir, encoding: 'utf8' });
    expect(text).toMatch(/Private-Key: \(256 bit\)/);
    expect(text).toMatch(/NIST CURVE: P-256/);
  });
});
