import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SigningInputError } from './errors.js';
import { generateSigningKeyPair, keyIdOf, loadPrivateKey, loadPublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, writeKeyPair } from './keys.js';

const FIXTURE_DIR = new URL('../../fixtures/keys/', import.meta.url);
const FIXTURE_KEY_ID = 'a7680b9cb63d4293c17fa72fc833322af341982d0a196de4d08d9e4ef7015ced';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-keys-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function expectInputError(fn: () => unknown, file: string, message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(SigningInputError);
  expect((caught as SigningInputError).file).toBe(file);
  expect((caught as SigningInputError).message).toMatch(message);
}

describe('generateSigningKeyPair', () => {
  it('returns PKCS#8 + SPKI PEM for P-256 and a sha256-of-SPKI key id', () => {
    const pair = generateSigningKeyPair();
    expect(pair.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+-----END PRIVATE KEY-----\n$/);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    const pub = createPublicKey(pair.publicKeyPem);
    expect(pub.asymmetricKeyType).toBe('ec');
    expect(pub.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const der = pub.export({ type: 'spki', format: 'der' });
    expect(pair.keyId).toBe(createHash('sha256').update(der).digest('hex'));
    expect(pair.keyId).toMatch(/^[0-9a-f]{64}$/);
    expect(keyIdOf(pair.privateKeyPem)).toBe(pair.keyId);
    expect(generateSigningKeyPair().keyId).not.toBe(pair.keyId);
  });
});

describe('writeKeyPair', () => {
  it('writes the private key 0600, the public key 0644, into a new 0700 directory', () => {
    const pair = generateSigningKeyPair();
    const target = join(dir, 'nested', 'keys');
    const paths = writeKeyPair(target, pair);
    expect(paths).toEqual({ privateKeyPath: join(target, PRIVATE_KEY_FILE), publicKeyPath: join(target, PUBLIC_KEY_FILE) });
    expect(statSync(paths.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(paths.publicKeyPath).mode & 0o777).toBe(0o644);
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect(readFileSync(paths.privateKeyPath, 'utf8')).toBe(pair.privateKeyPem);
    expect(readFileSync(paths.publicKeyPath, 'utf8')).toBe(pair.publicKeyPem);
  });

  it('keeps 0600 even under a permissive umask', () => {
    const previous = process.umask(0o000);
    try {
      const paths = writeKeyPair(dir, generateSigningKeyPair());
      expect(statSync(paths.privateKeyPath).mode & 0o777).toBe(0o600);
      expect(statSync(paths.publicKeyPath).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(previous);
    }
  });

  it('refuses to overwrite either existing key file', () => {
    const first = generateSigningKeyPair();
    writeKeyPair(dir, first);
    expectInputError(() => writeKeyPair(dir, generateSigningKeyPair()), join(dir, PRIVATE_KEY_FILE), /refusing to overwrite/);
    expect(readFileSync(join(dir, PRIVATE_KEY_FILE), 'utf8')).toBe(first.privateKeyPem);

    // Only the public half present: still refused, and nothing half-written.
    const other = mkdtempSync(join(tmpdir(), 'cg-keys-pub-'));
    try {
      writeFileSync(join(other, PUBLIC_KEY_FILE), 'keep me');
      expectInputError(() => writeKeyPair(other, generateSigningKeyPair()), join(other, PUBLIC_KEY_FILE), /refusing to overwrite/);
      expect(() => statSync(join(other, PRIVATE_KEY_FILE))).toThrow(/ENOENT/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('overwrites with force, resetting a widened mode and not following a symlink', () => {
    writeKeyPair(dir, generateSigningKeyPair());
    chmodSync(join(dir, PRIVATE_KEY_FILE), 0o666);
    const decoy = join(dir, 'decoy.txt');
    writeFileSync(decoy, 'untouched');
    rmSync(join(dir, PUBLIC_KEY_FILE));
    symlinkSync(decoy, join(dir, PUBLIC_KEY_FILE));

    const second = generateSigningKeyPair();
    writeKeyPair(dir, second, { force: true });
    expect(statSync(join(dir, PRIVATE_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, PRIVATE_KEY_FILE), 'utf8')).toBe(second.privateKeyPem);
    expect(readFileSync(join(dir, PUBLIC_KEY_FILE), 'utf8')).toBe(second.publicKeyPem);
    expect(readFileSync(decoy, 'utf8')).toBe('untouched');
  });

  it('rejects a pair whose halves do not match', () => {
    const a = generateSigningKeyPair();
    const b = generateSigningKeyPair();
    expect(() => writeKeyPair(dir, { ...a, publicKeyPem: b.publicKeyPem })).toThrow(/not the public half/);
    expect(() => statSync(join(dir, PRIVATE_KEY_FILE))).toThrow(/ENOENT/);
  });
});

describe('loadPrivateKey / loadPublicKey', () => {
  it('loads what writeKeyPair wrote', () => {
    const pair = generateSigningKeyPair();
    const paths = writeKeyPair(dir, pair);
    const priv = loadPrivateKey(paths.privateKeyPath);
    const pub = loadPublicKey(paths.publicKeyPath);
    expect(priv.type).toBe('private');
    expect(pub.type).toBe('public');
    expect(keyIdOf(priv)).toBe(pair.keyId);
    expect(keyIdOf(pub)).toBe(pair.keyId);
  });

  it('names the missing file', () => {
    const missing = join(dir, 'nope.pem');
    expectInputError(() => loadPrivateKey(missing), missing, /private key .*nope\.pem: file not found/);
    expectInputError(() => loadPublicKey(missing), missing, /public key .*nope\.pem: file not found/);
    expectInputError(() => loadPublicKey(dir), dir, /is a directory/);
  });

  it('rejects non-PEM, wrong-curve and wrong-algorithm keys', () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'hello');
    expectInputError(() => loadPrivateKey(junk), junk, /not a usable private key/);
    expectInputError(() => loadPublicKey(junk), junk, /not a PEM public key/);

    const p384 = generateKeyPairSync('ec', {
      namedCurve: 'secp384r1',
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const p384Priv = join(dir, 'p384.pem');
    const p384Pub = join(dir, 'p384.pub.pem');
    writeFileSync(p384Priv, p384.privateKey);
    writeFileSync(p384Pub, p384.publicKey);
    expectInputError(() => loadPrivateKey(p384Priv), p384Priv, /expected an ECDSA P-256 key, found an EC key on curve secp384r1/);
    expectInputError(() => loadPublicKey(p384Pub), p384Pub, /expected an ECDSA P-256 key/);

    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
    const rsaPub = join(dir, 'rsa.pub.pem');
    writeFileSync(rsaPub, rsa.publicKey);
    expectInputError(() => loadPublicKey(rsaPub), rsaPub, /found an rsa key/);
  });

  it('refuses mixed-up halves', () => {
    const paths = writeKeyPair(dir, generateSigningKeyPair());
    expectInputError(() => loadPublicKey(paths.privateKeyPath), paths.privateKeyPath, /expected a public key but found a private key/);
    expectInputError(() => loadPrivateKey(paths.publicKeyPath), paths.publicKeyPath, /this is a public key/);
  });

  it('loads the committed test key pair with its documented key id', () => {
    const priv = loadPrivateKey(new URL(PRIVATE_KEY_FILE, FIXTURE_DIR).pathname);
    const pub = loadPublicKey(new URL(PUBLIC_KEY_FILE, FIXTURE_DIR).pathname);
    expect(keyIdOf(pub)).toBe(FIXTURE_KEY_ID);
    expect(keyIdOf(priv)).toBe(FIXTURE_KEY_ID);
  });
});
