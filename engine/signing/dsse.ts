import { sign, verify, type KeyObject } from 'node:crypto';
import { decodeBase64Strict, encodeBase64 } from './base64.js';
import { toP256PrivateKey, toP256PublicKey } from './keys.js';

/** One signature of a DSSE envelope; `keyid` is an unauthenticated hint. */
export interface DsseSignature {
  keyid: string;
  sig: string;
}

/** A DSSE v1 envelope as written to `*.intoto.dsse.json`. */
export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: DsseSignature[];
}

/** Outcome of {@link verifyEnvelope}: the authenticated payload, or why it was rejected. */
export type VerifyEnvelopeResult =
  | { ok: true; payload: Buffer; payloadType: string; signatureIndex: number }
  | { ok: false; reason: string };

/** DSSE v1 pre-authentication encoding: "DSSEv1" SP len(type) SP type SP len(body) SP body, byte lengths. */
export function pae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

/** Signs payload as a DSSE envelope with ECDSA P-256 / SHA-256, DER-encoded signature (cosign's form). */
export function signEnvelope(payloadType: string, payload: Buffer, privateKey: KeyObject | string, keyId: string): DsseEnvelope {
  const key = toP256PrivateKey(privateKey, '<privateKey>');
  const sig = sign('sha256', pae(payloadType, payload), { key, dsaEncoding: 'der' });
  return { payloadType, payload: encodeBase64(payload), signatures: [{ keyid: keyId, sig: encodeBase64(sig) }] };
}

/**
 * Verifies a parsed DSSE envelope against one trusted P-256 public key. Returns rather than throws for
 * anything wrong with the envelope; throws SigningInputError only if `publicKey` itself is unusable.
 */
export function verifyEnvelope(envelope: unknown, publicKey: KeyObject | string): VerifyEnvelopeResult {
  const key = toP256PublicKey(publicKey, '<publicKey>');
  const shape = checkShape(envelope);
  if (!shape.ok) return shape;
  const { payloadType, payload, signatures } = shape;

  const payloadBytes = decodeBase64Strict(payload);
  if (payloadBytes === null) return { ok: false, reason: 'payload is not valid base64' };
  const message = pae(payloadType, payloadBytes);

  const problems: string[] = [];
  for (const [index, signature] of signatures.entries()) {
    const sig = decodeBase64Strict(signature.sig);
    if (sig === null) {
      problems.push(`signatures[${index}].sig is not valid base64`);
      continue;
    }
    if (verifyEcdsa(message, key, sig)) return { ok: true, payload: payloadBytes, payloadType, signatureIndex: index };
    problems.push(`signatures[${index}] does not verify with the given public key`);
  }
  return { ok: false, reason: problems.join('; ') };
}

/** DER first (Node, OpenSSL, cosign); raw r‖s second because WebCrypto signers emit IEEE P1363. */
function verifyEcdsa(message: Buffer, key: KeyObject, sig: Buffer): boolean {
  const attempt = (dsaEncoding: 'der' | 'ieee-p1363'): boolean => {
    try {
      return verify('sha256', message, { key, dsaEncoding }, sig);
    } catch {
      // Malformed signature encodings can throw instead of returning false; both mean "not valid".
      return false;
    }
  };
  return attempt('der') || (sig.length === 64 && attempt('ieee-p1363'));
}

type ShapeResult = { ok: true; payloadType: string; payload: string; signatures: { sig: string }[] } | { ok: false; reason: string };

/** Exact DSSE shape: unknown members are rejected so nothing unsigned can ride along unnoticed. */
function checkShape(envelope: unknown): ShapeResult {
  if (!isPlainObject(envelope)) return { ok: false, reason: 'envelope is not a JSON object' };
  const extra = Object.keys(envelope).filter((k) => k !== 'payloadType' && k !== 'payload' && k !== 'signatures');
  if (extra.length > 0) return { ok: false, reason: `envelope has unexpected field(s): ${extra.join(', ')}` };
  const { payloadType, payload, signatures } = envelope;
  if (typeof payloadType !== 'string' || payloadType === '') return { ok: false, reason: 'envelope.payloadType must be a non-empty string' };
  if (typeof payload !== 'string') return { ok: false, reason: 'envelope.payload must be a string' };
  if (!Array.isArray(signatures) || signatures.length === 0) return { ok: false, reason: 'envelope.signatures must be a non-empty array' };
  const checked: { sig: string }[] = [];
  for (const [index, entry] of signatures.entries()) {
    if (!isPlainObject(entry)) return { ok: false, reason: `signatures[${index}] is not an object` };
    const unexpected = Object.keys(entry).filter((k) => k !== 'keyid' && k !== 'sig');
    if (unexpected.length > 0) return { ok: false, reason: `signatures[${index}] has unexpected field(s): ${unexpected.join(', ')}` };
    // keyid is optional in DSSE; we read it nowhere, only check it is well-formed.
    if (entry.keyid !== undefined && typeof entry.keyid !== 'string') return { ok: false, reason: `signatures[${index}].keyid must be a string` };
    if (typeof entry.sig !== 'string' || entry.sig === '') return { ok: false, reason: `signatures[${index}].sig must be a non-empty string` };
    checked.push({ sig: entry.sig });
  }
  return { ok: true, payloadType, payload, signatures: checked };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
