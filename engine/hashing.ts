import { hash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.js';

/** Hex sha256 of bytes or text (one-shot: a Hash object costs more than hashing a short text). */
export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

/** Content fingerprint: "sha256:" + hex sha256 of the canonical JSON. */
export function fingerprint(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
