import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder of canary-gate's own package.json, found from this file whether run from source or from dist/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures'))) return (cached = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('canary-gate: cannot find the package root (package.json beside fixtures/)');
    dir = up;
  }
}
