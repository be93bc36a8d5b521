import { canonicalJson } from '../../shared/canonical-json.js';
import { sha256Hex } from '../hashing.js';

/** The identity of one simulated call: hex sha256 of the model and the canonical JSON request body. */
export function requestHash(model: string, body: unknown): string {
  return sha256Hex(`${model}\n${canonicalJson(body)}`);
}
