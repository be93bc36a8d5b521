import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fchmodSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SigningInputError } from './errors.js';

/** File names inside a key directory; fixed so `sign` and `verify` agree without extra flags. */
export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

/** Node's name for NIST P-256 (secp256r1), the curve cosign handles best. */
const P256 = 'prime256v1';

/** A freshly generated signing key pair, both halves as PEM text. */
export interface SigningKeyPair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  privateKeyPem: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`), the form `cosign --key` accepts. */
  publicKeyPem: string;
  /** See {@link keyIdOf}. */
  keyId: string;
}

/** Where {@link writeKeyPair} put the two files. */
export interface WrittenKeyPaths {
  privateKeyPath: string;
  publicKeyPath: string;
}

/** Generates an ECDSA P-256 key pair as PKCS#8 / SPKI PEM with its key id. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: P256,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey, keyId: keyIdOf(publicKey) };
}

/**
 * Key id = lowercase hex SHA-256 of the DER-encoded SubjectPublicKeyInfo. Derived from the public key
 * alone so anyone can recompute it: `openssl pkey -pubin -in signing-key.pub.pem -outform DER | sha256sum`.
 * Accepts a private key too (its public half is used). It is only a hint in envelopes, never trusted.
 */
export function keyIdOf(key: KeyObject | string): string {
  // createPublicKey rejects a KeyObject that is already public, so only derive when needed.
  const pub = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  const spkiDer = pub.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spkiDer).digest('hex');
}

/** Writes `signing-key.pem` (0600) and `signing-key.pub.pem` (0644) into dir, refusing to overwrite unless force. */
export function writeKeyPair(dir: string, pair: SigningKeyPair, options: { force?: boolean; publicKeyMode?: number } = {}): WrittenKeyPaths {
  // Validate before touching the disk so a bad pair never replaces a good one.
  const privateKey = parsePrivateKeyText(pair.privateKeyPem, '<privateKeyPem>');
  const publicKey = parsePublicKeyText(pair.publicKeyPem, '<publicKeyPem>');
  if (!publicKey.equals(createPublicKey(privateKey))) {
    throw new SigningInputError('publicKeyPem is not the public half of privateKeyPem', '<publicKeyPem>');
  }

  const privateKeyPath = join(dir, PRIVATE_KEY_FILE);
  const publicKeyPath = join(dir, PUBLIC_KEY_FILE);
  if (!options.force) {
    // Check both first so we never write one half and then fail on the other.
    for (const path of [privateKeyPath, publicKeyPath]) {
      if (existsSync(path)) {
        throw new SigningInputError(`refusing to overwrite existing key file ${path} (use --force to replace it)`, path);
      }
    }
  }

  const created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  // Only tighten a directory we created: an existing one (e.g. the cwd) is the user's business.
  if (created !== undefined) chmodSync(dir, 0o700);

  writeNewFile(privateKeyPath, pair.privateKeyPem, 0o600, options.force === true);
  writeNewFile(publicKeyPath, pair.publicKeyPem, options.publicKeyMode ?? 0o644, options.force === true);
  return { privateKeyPath, publicKeyPath };
}

/** Reads a PEM private key file and checks that it is an unencrypted ECDSA P-256 key. */
export function loadPrivateKey(path: string): KeyObject {
  return parsePrivateKeyText(readKeyFile(path, 'private'), path);
}

/** Reads a PEM public key file (SPKI) and checks that it is an ECDSA P-256 key. */
export function loadPublicKey(path: string): KeyObject {
  return parsePublicKeyText(readKeyFile(path, 'public'), path);
}

/** Parses private key PEM text, naming `label` in errors; for keys that did not come from a file. */
export function parsePrivateKeyText(pem: string, label: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    const hint = /ENCRYPTED/.test(pem)
      ? 'encrypted private keys are not supported; decrypt it first'
      : /BEGIN PUBLIC KEY/.test(pem)
        ? 'this is a public key; signing needs the private key'
        : 'expected a PEM private key (PKCS#8 "-----BEGIN PRIVATE KEY-----")';
    throw new SigningInputError(`${label}: not a usable private key: ${hint}`, label, { cause });
  }
  assertP256(key, label);
  return key;
}

/** Parses public key PEM text, naming `label` in errors; for keys that did not come from a file. */
export function parsePublicKeyText(pem: string, label: string): KeyObject {
  // createPublicKey would happily derive a public key from a private one; refusing makes a mixed-up
  // --key argument visible instead of silently spreading the private key around.
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new SigningInputError(`${label}: expected a public key but found a private key`, label);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (cause) {
    throw new SigningInputError(`${label}: not a PEM public key (expected "-----BEGIN PUBLIC KEY-----")`, label, { cause });
  }
  assertP256(key, label);
  return key;
}

/** Turns a PEM string or KeyObject into a P-256 public KeyObject (a private key yields its public half). */
export function toP256PublicKey(key: KeyObject | string, label: string): KeyObject {
  if (typeof key === 'string') return parsePublicKeyText(key, label);
  const pub = key.type === 'public' ? key : createPublicKey(key);
  assertP256(pub, label);
  return pub;
}

/** Turns a PEM string or KeyObject into a P-256 private KeyObject. */
export function toP256PrivateKey(key: KeyObject | string, label: string): KeyObject {
  if (typeof key === 'string') return parsePrivateKeyText(key, label);
  if (key.type !== 'private') throw new SigningInputError(`${label}: expected a private key, got a ${key.type} key`, label);
  assertP256(key, label);
  return key;
}

function assertP256(key: KeyObject, label: string): void {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== P256) {
    const what = key.asymmetricKeyType === 'ec' ? `EC key on curve ${curve ?? 'unknown'}` : `${key.asymmetricKeyType ?? 'unknown'} key`;
    throw new SigningInputError(`${label}: expected an ECDSA P-256 key, found an ${what}`, label);
  }
}

function readKeyFile(path: string, kind: 'private' | 'public'): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(cause)})`;
    throw new SigningInputError(`${kind} key ${path}: ${why}`, path, { cause });
  }
}

function writeNewFile(path: string, text: string, mode: number, replace: boolean): void {
  // Removing first (instead of opening with 'w') means a replaced file never keeps its old, possibly
  // wider mode, and a symlink planted at the path is not followed. 'wx' then fails if someone raced us.
  if (replace) rmSync(path, { force: true });
  const fd = openSync(path, 'wx', mode);
  try {
    // The open mode is filtered through umask; chmod makes the final mode exact regardless of umask.
    fchmodSync(fd, mode);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
