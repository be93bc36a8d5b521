import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pae, signEnvelope, verifyEnvelope, type DsseEnvelope } from './dsse.js';
import { SigningInputError } from './errors.js';
import { generateSigningKeyPair } from './keys.js';

const TYPE = 'application/vnd.in-toto+json';
// 0xfb 0xff 0xbf encodes to "+/+/" so the URL-safe test really exercises the alphabet difference.
const PAYLOAD = Buffer.concat([Buffer.from([0xfb, 0xff, 0xbf]), Buffer.from('{"hello":"world"}', 'utf8')]);

const pair = generateSigningKeyPair();
const other = generateSigningKeyPair();

function toUrlSafe(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function replaceCharAt(text: string, index: number): string {
  const current = text[index];
  const replacement = current === 'A' ? 'B' : 'A';
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe('pae', () => {
  it('matches the DSSE v1 spec vector', () => {
    expect(pae('http://example.com/HelloWorld', Buffer.from('hello world')).toString('utf8')).toBe(
      'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
    );
  });

  it('uses UTF-8 byte lengths, not string lengths', () => {
    const body = 'h\u00e9llo \u{1F30D}'; // 8 UTF-16 units, 11 UTF-8 bytes
    expect(body.length).toBe(8);
    expect(pae('application/json', Buffer.from(body, 'utf8'))).toEqual(Buffer.from(`DSSEv1 16 application/json 11 ${body}`, 'utf8'));
    expect(pae('t/\u00fc', Buffer.alloc(0))).toEqual(Buffer.from('DSSEv1 4 t/\u00fc 0 ', 'utf8'));
  });

  it('keeps arbitrary binary bodies byte for byte', () => {
    const body = Buffer.from([0, 255, 32, 10]);
    expect(pae('x', body)).toEqual(Buffer.concat([Buffer.from('DSSEv1 1 x 4 '), body]));
  });
});

describe('signEnvelope / verifyEnvelope', () => {
  const envelope = signEnvelope(TYPE, PAYLOAD, pair.privateKeyPem, pair.keyId);

  it('produces the DSSE shape with standard base64 and a DER signature', () => {
    expect(Object.keys(envelope)).toEqual(['payloadType', 'payload', 'signatures']);
    expect(envelope.payloadType).toBe(TYPE);
    expect(envelope.payload).toBe(PAYLOAD.toString('base64'));
    expect(envelope.payload.startsWith('+/+/')).toBe(true);
    expect(envelope.signatures).toHaveLength(1);
    expect(envelope.signatures[0]?.keyid).toBe(pair.keyId);
    const der = Buffer.from(envelope.signatures[0]?.sig ?? '', 'base64');
    expect(der[0]).toBe(0x30); // ASN.1 SEQUENCE: DER, not raw r||s
    expect(der.length).toBeGreaterThanOrEqual(68);
    expect(der.length).toBeLessThanOrEqual(72);
  });

  it('round-trips', () => {
    const result = verifyEnvelope(envelope, pair.publicKeyPem);
    expect(result).toEqual({ ok: true, payload: PAYLOAD, payloadType: TYPE, signatureIndex: 0 });
  });

  it('round-trips through JSON text', () => {
    const result = verifyEnvelope(JSON.parse(JSON.stringify(envelope)), pair.publicKeyPem);
    expect(result.ok).toBe(true);
  });

  it('accepts URL-safe base64 without padding for payload and sig', () => {
    const sig = envelope.signatures[0]?.sig ?? '';
    const urlSafe: DsseEnvelope = { ...envelope, payload: toUrlSafe(envelope.payload), signatures: [{ keyid: '', sig: toUrlSafe(sig) }] };
    expect(urlSafe.payload).not.toBe(envelope.payload);
    const result = verifyEnvelope(urlSafe, pair.publicKeyPem);
    expect(result.ok && result.payload.equals(PAYLOAD)).toBe(true);
  });

  it('accepts an IEEE P1363 (raw r||s) signature from WebCrypto', async () => {
    const der = Buffer.from(pair.privateKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const key = await webcrypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const raw = Buffer.from(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, pae(TYPE, PAYLOAD)));
    expect(raw.length).toBe(64);
    const p1363: DsseEnvelope = { ...envelope, signatures: [{ keyid: 'webcrypto', sig: raw.toString('base64') }] };
    expect(verifyEnvelope(p1363, pair.publicKeyPem).ok).toBe(true);
    expect(verifyEnvelope(p1363, other.publicKeyPem).ok).toBe(false);
  });

  it('succeeds if any signature verifies and ignores keyid', () => {
    const foreign = signEnvelope(TYPE, PAYLOAD, other.privateKeyPem, pair.keyId);
    const multi: DsseEnvelope = { ...envelope, signatures: [foreign.signatures[0]!, { keyid: 'lies', sig: envelope.signatures[0]!.sig }] };
    const result = verifyEnvelope(multi, pair.publicKeyPem);
    expect(result.ok && result.signatureIndex).toBe(1);
    // The foreign signature claims our keyid; claiming it must not help.
    expect(verifyEnvelope({ ...envelope, signatures: [foreign.signatures[0]!] }, pair.publicKeyPem)).toEqual({
      ok: false,
      reason: 'signatures[0] does not verify with the given public key',
    });
  });

  it('accepts a signature without keyid (optional in DSSE)', () => {
    expect(verifyEnvelope({ ...envelope, signatures: [{ sig: envelope.signatures[0]!.sig }] }, pair.publicKeyPem).ok).toBe(true);
  });

  it('rejects a wrong public key', () => {
    expect(verifyEnvelope(envelope, other.publicKeyPem).ok).toBe(false);
  });

  it('rejects a changed payloadType (it is covered by the PAE)', () => {
    expect(verifyEnvelope({ ...envelope, payloadType: 'application/json' }, pair.publicKeyPem).ok).toBe(false);
  });

  it('rejects one changed character in the payload, anywhere', () => {
    for (const index of [0, 5, Math.floor(envelope.payload.length / 2), envelope.payload.length - 1]) {
      const tampered = replaceCharAt(envelope.payload, index);
      expect(verifyEnvelope({ ...envelope, payload: tampered }, pair.publicKeyPem).ok).toBe(false);
    }
  });

  it('rejects one changed character in the signature, anywhere', () => {
    const sig = envelope.signatures[0]!.sig;
    const last = sig.replace(/=+$/, '').length - 1;
    for (const index of [0, 10, Math.floor(sig.length / 2), last]) {
      const tampered = replaceCharAt(sig, index);
      expect(verifyEnvelope({ ...envelope, signatures: [{ keyid: '', sig: tampered }] }, pair.publicKeyPem).ok).toBe(false);
    }
  });

  it('rejects a payload whose last character only changes the unused padding bits', () => {
    const body = Buffer.from('ab'); // "YWI=": the final I carries 2 unused bits
    const env = signEnvelope(TYPE, body, pair.privateKeyPem, pair.keyId);
    expect(env.payload).toBe('YWI=');
    const tampered = 'YWJ=';
    expect(Buffer.from(tampered, 'base64').equals(body)).toBe(true); // Node alone would not notice
    expect(verifyEnvelope({ ...env, payload: tampered }, pair.publicKeyPem)).toEqual({ ok: false, reason: 'payload is not valid base64' });
  });

  it('rejects an inserted junk character in the payload or signature base64', () => {
    const mid = Math.floor(envelope.payload.length / 2);
    const junkPayload = `${envelope.payload.slice(0, mid)}!${envelope.payload.slice(mid)}`;
    expect(Buffer.from(junkPayload, 'base64').equals(PAYLOAD)).toBe(true); // Node alone would accept it
    expect(verifyEnvelope({ ...envelope, payload: junkPayload }, pair.publicKeyPem)).toEqual({ ok: false, reason: 'payload is not valid base64' });

    const sig = envelope.signatures[0]!.sig;
    const junkSig = `${sig.slice(0, 10)}.${sig.slice(10)}`;
    expect(Buffer.from(junkSig, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    expect(verifyEnvelope({ ...envelope, signatures: [{ keyid: '', sig: junkSig }] }, pair.publicKeyPem)).toEqual({
      ok: false,
      reason: 'signatures[0].sig is not valid base64',
    });
  });

  it('validates the envelope shape strictly', () => {
    const sig = envelope.signatures[0]!;
    const cases: [unknown, RegExp][] = [
      [null, /not a JSON object/],
      [[envelope], /not a JSON object/],
      ['{}', /not a JSON object/],
      [{ ...envelope, extra: 1 }, /unexpected field\(s\): extra/],
      [{ payload: envelope.payload, signatures: envelope.signatures }, /payloadType/],
      [{ ...envelope, payloadType: '' }, /payloadType/],
      [{ ...envelope, payload: 42 }, /payload must be a string/],
      [{ ...envelope, signatures: [] }, /non-empty array/],
      [{ ...envelope, signatures: {} }, /non-empty array/],
      [{ ...envelope, signatures: ['x'] }, /signatures\[0\] is not an object/],
      [{ ...envelope, signatures: [{ ...sig, cert: 'x' }] }, /unexpected field\(s\): cert/],
      [{ ...envelope, signatures: [{ keyid: 7, sig: sig.sig }] }, /keyid must be a string/],
      [{ ...envelope, signatures: [{ keyid: '' }] }, /sig must be a non-empty string/],
    ];
    for (const [input, reason] of cases) {
      const result = verifyEnvelope(input, pair.publicKeyPem);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.reason).toMatch(reason);
    }
  });

  it('treats a garbage DER signature as a failure, not an exception', () => {
    for (const bytes of [Buffer.from([0x30, 0x02, 0x01]), Buffer.alloc(64, 0), Buffer.alloc(72, 0xff)]) {
      expect(verifyEnvelope({ ...envelope, signatures: [{ keyid: '', sig: bytes.toString('base64') }] }, pair.publicKeyPem).ok).toBe(false);
    }
  });

  it('refuses keys that are not P-256', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(() => signEnvelope(TYPE, PAYLOAD, p384.privateKey, 'k')).toThrow(/P-256.*secp384r1/);
    expect(() => verifyEnvelope(envelope, p384.publicKey)).toThrow(SigningInputError);
    const ed = generateKeyPairSync('ed25519');
    expect(() => verifyEnvelope(envelope, ed.publicKey)).toThrow(/expected an ECDSA P-256 key, found an ed25519 key/);
  });
});
