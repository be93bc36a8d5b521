import { sha256OfCanonicalJson } from '../json-sha256.js';

/** The identity of one simulated call: hex sha256 of the model and the canonical JSON request body. */
export function requestHash(model: string, body: unknown): string {
  return sha256OfCanonicalJson(body, `${model}\n`).toString('hex');
}
