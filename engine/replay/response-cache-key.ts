import { canonicalJsonBytes, sha256OfPieces } from '../json-sha256.js';

/**
 * The response cache's key: the target's fingerprint (its whole frozen config), the exact request body and the
 * attempt number — so repeats are real calls, and any change to the target or the request misses the cache.
 * It is the sha256 of the canonical JSON of the three.
 */
export function responseCacheKey(targetFingerprint: string, body: Record<string, unknown>, attempt: number): Buffer {
  return responseCacheKeyOfJson(targetFingerprint, canonicalJsonBytes(body), attempt);
}

/**
 * responseCacheKey from the body's canonical JSON bytes (canonicalJsonBytes), for a caller that has them anyway:
 * the canonical JSON of { attempt, body, target } is those bytes between the other two members (keys sorted).
 */
export function responseCacheKeyOfJson(targetFingerprint: string, bodyJson: Uint8Array, attempt: number): Buffer {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new TypeError(`attempt must be a whole number, got ${attempt}`);
  return sha256OfPieces([`{"attempt":${attempt},"body":`, bodyJson, `,"target":${JSON.stringify(targetFingerprint)}}`]);
}
