import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every file the module loads at start through static relative imports (type-only imports excluded), transitively. */
function staticImports(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)) {
      visit(resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
    }
  };
  visit(join(root, entry));
  return [...seen].map((f) => relative(root, f));
}

describe('the desktop main process', () => {
  it('loads no engine module: the engine runs in the utility process', () => {
    const loaded = staticImports('electron/main.ts');
    expect(loaded).toContain('electron/security.ts');
    expect(loaded).toContain('shared/security/content-security-policy.ts');
    expect(loaded.filter((f) => f.startsWith('engine/'))).toEqual([]);
  });
});
