/**
 * Strict base64 decoding. Node's `Buffer.from(s, 'base64')` skips characters outside the alphabet and
 * ignores non-zero padding bits, so a tampered envelope could decode to the same bytes and still
 * verify. This decoder accepts exactly one canonical spelling of each byte string per alphabet.
 */

const STANDARD = /^[A-Za-z0-9+/]*$/;
const URL_SAFE = /^[A-Za-z0-9_-]*$/;

/** Decodes standard or URL-safe base64 (padding optional), returning null for anything non-canonical. */
export function decodeBase64Strict(text: string): Buffer | null {
  const firstPad = text.indexOf('=');
  const body = firstPad === -1 ? text : text.slice(0, firstPad);
  const padding = firstPad === -1 ? '' : text.slice(firstPad);

  // Mixing the two alphabets is never produced by an encoder, so treat it as damage.
  const standard = STANDARD.test(body);
  if (!standard && !URL_SAFE.test(body)) return null;

  const remainder = body.length % 4;
  if (remainder === 1) return null;
  if (padding !== '') {
    if (!/^={1,2}$/.test(padding)) return null;
    if ((body.length + padding.length) % 4 !== 0 || remainder === 0) return null;
  }

  const normalized = standard ? body : body.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(normalized, 'base64');
  // Re-encoding rejects non-zero trailing bits: e.g. "YQ==" and "YR==" both decode to "a" in Node.
  if (bytes.toString('base64').replace(/=+$/, '') !== normalized) return null;
  return bytes;
}

/** Encodes with the standard alphabet and padding, the form DSSE writers use. */
export function encodeBase64(bytes: Buffer): string {
  return bytes.toString('base64');
}
