import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.js';

/**
 * The response cache's key: the target's fingerprint (its whole frozen config), the exact request body and the
 * attempt number — so repeats are real calls, and any change to the target or the request misses the cache.
 */
export function responseCacheKey(targetFingerprint: string, body: Record<string, unknown>, attempt: number): Buffer {
  return createHash('sha256').update(canonicalJson({ target: targetFingerprint, body, attempt })).digest();
}
