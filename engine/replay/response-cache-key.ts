import { sha256OfCanonicalJson } from '../json-sha256.js';

/**
 * The response cache's key: the target's fingerprint (its whole frozen config), the exact request body and the
 * attempt number — so repeats are real calls, and any change to the target or the request misses the cache.
 * It is the sha256 of the canonical JSON of the three (written without building that text: it runs on every call).
 */
export function responseCacheKey(targetFingerprint: string, body: Record<string, unknown>, attempt: number): Buffer {
  return sha256OfCanonicalJson({ target: targetFingerprint, body, attempt });
}
