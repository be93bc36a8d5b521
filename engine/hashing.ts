import { createHash } from 'node:crypto';
import { canonicalJson } from '../shared/canonical-json.js';

/** Hex sha256 of bytes or text. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Content fingerprint: "sha256:" + hex sha256 of the canonical JSON. */
export function fingerprint(value: unknown): string {
  return `sha256:${sha256Hex(canonicalJson(value))}`;
}
