import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from './package-root.js';
import { initWorkspace } from './workspace.js';

describe('initWorkspace: example scorer modules', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('copies the example scorers byte for byte and never overwrites an edited one', () => {
    const root = mkdtempSync(join(tmpdir(), 'cg-init-scorers-'));
    dirs.push(root);
    const { created } = initWorkspace(root);
    expect(created).toEqual(expect.arrayContaining([join('evals', 'scorers', 'concise.ts'), join('evals', 'scorers', 'no-invented-amounts.js')]));
    for (const f of ['concise.ts', 'no-invented-amounts.js']) {
      expect(readFileSync(join(root, 'evals', 'scorers', f), 'utf8')).toBe(readFileSync(join(packageRoot(), 'evals', 'scorers', f), 'utf8'));
    }
    writeFileSync(join(root, 'evals', 'scorers', 'concise.ts'), 'export const score = () => true;\n');
    const again = initWorkspace(root);
    expect(again.created.filter((f) => f.includes('scorers'))).toEqual([]);
    expect(readFileSync(join(root, 'evals', 'scorers', 'concise.ts'), 'utf8')).toBe('export const score = () => true;\n');
  });
});
