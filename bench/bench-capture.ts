import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../engine/package-root.js';

/**
 * Grows the shipped capture to `cases` distinct samples (a counter in the last user turn keeps fingerprints apart)
 * and writes it as `<dir>/capture.jsonl`; returns the file. `tag` keeps sample ids of different benches apart.
 */
export function writeGrownCapture(dir: string, cases: number, tag: string): string {
  const lines = readFileSync(join(packageRoot(), 'fixtures/traffic/support-bot-capture.jsonl'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < cases; i++) {
    const s = JSON.parse(lines[i % lines.length]!);
    s.id = `${s.id}-${tag}${i}`;
    const last = s.request.messages.filter((m: { role: string }) => m.role === 'user').at(-1);
    if (last && typeof last.content === 'string') last.content += ` (ticket ${i})`;
    out.push(JSON.stringify(s));
  }
  const captureFile = join(dir, 'capture.jsonl');
  writeFileSync(captureFile, `${out.join('\n')}\n`);
  return captureFile;
}
