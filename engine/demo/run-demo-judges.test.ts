import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-root.js';
import { runDemo, type DemoStep } from './run-demo.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the demo with judges', () => {
  it("prints the judges' figures as a step of its own and returns them", async () => {
    // A workspace whose canary-gate.yaml and suite declare judges (the demo keeps files that exist).
    dir = mkdtempSync(join(tmpdir(), 'cg-demo-judges-'));
    mkdirSync(join(dir, 'evals', 'suites'), { recursive: true });
    copyFileSync(join(packageRoot(), 'fixtures', 'judges', 'canary-gate.yaml'), join(dir, 'canary-gate.yaml'));
    copyFileSync(join(packageRoot(), 'fixtures', 'judges', 'evals', 'suites', 'judged.yaml'), join(dir, 'evals', 'suites', 'judged.yaml'));
    const steps: [DemoStep, string][] = [];
    const result = await runDemo({ outDir: dir, simTimeScale: 0, onStep: (step, detail) => steps.push([step, detail]) });
    expect(steps.map(([s]) => s)).toEqual(['workspace', 'import', 'replay', 'judge', 'gate']);
    const judge = steps.find(([s]) => s === 'judge')![1];
    expect(judge).toMatch(/^Pairwise judge "judge": 24 pair\(s\) on 24 case\(s\) judged in both orders/);
    expect(judge).toMatch(/\nRubric judges: baseline 12\/12 passed, mean grade 5\.00; candidate \d+\/12 passed/);
    expect(result.judges?.pairwise?.pairs).toBe(24);
    expect(result.judges?.rubric?.judgements).toBe(24);
  });
});
