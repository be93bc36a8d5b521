import { randomBytes } from 'node:crypto';

/** A sortable, readable run id: run-YYYYMMDD-HHMMSS-xxxx. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `run-${iso.slice(0, 10).replace(/-/g, '')}-${iso.slice(11, 19).replace(/:/g, '')}-${randomBytes(2).toString('hex')}`;
}
