// Real worker threads over the real modules of fixtures/custom-scorers/workspace/evals/scorers/.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { Score } from '../../shared/scorers/score-expectation.js';
import type { CustomScorerRunner, CustomScoringItem } from '../scoring/custom-scorer-runner.js';
import { openCustomScorerRunner } from './open-runner.js';

const FIXTURE = fileURLToPath(new URL('../../fixtures/custom-scorers/workspace', import.meta.url));

let root: string;
const runners: CustomScorerRunner[] = [];
beforeAll(() => {
  // A copy: compiled TypeScript lands in the workspace's state folder, and some tests add broken modules.
  root = mkdtempSync(join(tmpdir(), 'cg-custom-scorers-'));
  cpSync(FIXTURE, root, { recursive: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
});

function open(limits?: Parameters<typeof openCustomScorerRunner>[1]): CustomScorerRunner {
  const runner = openCustomScorerRunner(root, limits);
  runners.push(runner);
  return runner;
}

function item(scorer: string, text: string, extra: Partial<ScorerSpecOf<'custom'>> = {}, caseKey = `case-${scorer}`): CustomScoringItem {
  return {
    spec: { type: 'custom', scorer, ...extra },
    caseKey,
    output: { text, finishReason: 'stop', toolCalls: [] },
    input: { messages: [{ role: 'user', content: 'hello' }], documents: [] },
  };
}

const versionOf = (file: string) => createHash('sha256').update(readFileSync(join(FIXTURE, 'evals/scorers', file))).digest('hex').slice(0, 12);

describe('custom scorer results', () => {
  it('turns true/false into pass/fail, with the spec name, severity, category and the module version', async () => {
    const [ok, bad] = await open().scoreMany([
      item('polite', 'Happy to help.', { name: 'politeness', severity: 'high', category: 'policy_violation' }),
      item('polite', 'What a stupid question.', { options: { forbidden: ['stupid'] } }),
    ]);
    expect(ok).toEqual({ name: 'politeness', scorer: 'custom', passed: true, severity: 'high', category: 'policy_violation', detail: 'passed', version: versionOf('polite.js') });
    expect(bad).toMatchObject({ scorer: 'custom', passed: false, severity: 'medium', category: 'task_success', detail: 'failed' });
    expect(bad!.error).toBeUndefined();
  });

  it('judges a number by the suite bounds, else by the module threshold', async () => {
    const scores = await open().scoreMany([
      item('length-ratio', 'x'.repeat(60)), // 0.6 >= threshold 0.5
      item('length-ratio', 'x'.repeat(40)), // 0.4 < 0.5
      item('length-ratio', 'x'.repeat(60), { min_score: 0.7 }), // bounds win over the threshold
      item('length-ratio', 'x'.repeat(60), { options: { target: 50 }, max_score: 1 }), // 1.2 > 1
      item('length-ratio', 'x'.repeat(30), { min_score: 0.2, max_score: 0.4 }),
    ]);
    expect(scores.map((s) => [s.passed, s.value, s.detail])).toEqual([
      [true, 0.6, "score 0.6 >= the module's threshold 0.5"],
      [false, 0.4, "score 0.4 < the module's threshold 0.5"],
      [false, 0.6, 'score 0.6 not >= min_score 0.7'],
      [false, 1.2, 'score 1.2 not <= max_score 1'],
      [true, 0.3, 'score 0.3 in [0.2, 0.4]'],
    ]);
    expect(scores[0]!.version).toBe(versionOf('length-ratio.mjs'));
  });

  it('reads an object result: pass, score and reason', async () => {
    const [pass, fail] = await open().scoreMany([item('verdict', 'a', { options: { kind: 'pass' } }), item('verdict', 'b', { options: { kind: 'fail' } })]);
    expect(pass).toMatchObject({ passed: true, detail: 'passed: looks right' });
    expect(pass!.value).toBeUndefined();
    expect(fail).toMatchObject({ passed: false, value: 0.2, detail: 'failed (score 0.2): looks wrong' });
  });

  it('compiles a TypeScript module on load and versions it by its source', async () => {
    const [glad, flat, bounded] = await open().scoreMany([
      item('tone', 'Glad to help, thanks!', { min_score: 0.5 }),
      item('tone', 'The order ships Monday.', { min_score: 0.5 }),
      item('tone', 'yay yay no', { options: { positive: ['yay'] }, min_score: 0.5 }),
    ]);
    expect(glad).toMatchObject({ passed: true, value: 0.5, detail: 'score 0.5 >= min_score 0.5: 2 positive word(s) of 4', version: versionOf('tone.ts') });
    expect(flat).toMatchObject({ passed: false, value: 0, detail: 'score 0 not >= min_score 0.5: 0 positive word(s) of 4' });
    expect(bounded).toMatchObject({ passed: true, value: 2 / 3 });
  });

  it('gives the scorer no environment variables', async () => {
    process.env.CANARY_GATE_TEST_SECRET = 'sk-should-not-leak';
    try {
      const [score] = await open().scoreMany([item('env-peek', 'x')]);
      expect(score).toMatchObject({ passed: true, detail: 'passed: []' });
    } finally {
      delete process.env.CANARY_GATE_TEST_SECRET;
    }
  });
});

describe('scorer errors', () => {
  const errorOf = (s: Score | undefined) => ({ passed: s?.passed, error: s?.error });

  it('a throw becomes an error naming the scorer and the case', async () => {
    const [score] = await open().scoreMany([item('throws', 'x', {}, 'traffic-abc')]);
    expect(errorOf(score)).toEqual({ passed: false, error: 'scorer "throws" on case "traffic-abc": threw TypeError: cannot score traffic-abc on purpose' });
    expect(score!.detail).toBe('scorer error: threw TypeError: cannot score traffic-abc on purpose');
    expect(score!.version).toBe(versionOf('throws.js'));
  });

  it('bad return values are errors that say what came back', async () => {
    const kinds = ['string', 'undefined', 'nan', 'typo', 'function', 'reason-only'];
    const scores = await open().scoreMany(kinds.map((kind) => item('verdict', 'x', { options: { kind } }, `case-${kind}`)));
    expect(scores.map((s) => s.error)).toEqual([
      'scorer "verdict" on case "case-string": returned the string "yes"; expected true/false, a number, or { pass?, score?, reason? }',
      'scorer "verdict" on case "case-undefined": returned nothing (undefined); expected true/false, a number, or { pass?, score?, reason? }',
      'scorer "verdict" on case "case-nan": returned the number NaN; a score must be a finite number',
      'scorer "verdict" on case "case-typo": returned an object with unknown key(s) "passed"; expected true/false, a number, or { pass?, score?, reason? }',
      expect.stringMatching(/^scorer "verdict" on case "case-function": returned a value that is not plain data \(.*could not be cloned.*\)/),
      'scorer "verdict" on case "case-reason-only": returned an object with neither pass nor score; expected true/false, a number, or { pass?, score?, reason? }',
    ]);
    expect(scores.every((s) => !s.passed)).toBe(true);
  });

  it('a number with no pass mark is an error', async () => {
    writeFileSync(join(root, 'evals/scorers/bare-number.js'), 'export default () => 0.9;\n');
    const [score] = await open().scoreMany([item('bare-number', 'x', {}, 'c1')]);
    expect(score!.error).toBe('scorer "bare-number" on case "c1": returned the score 0.9, but neither the expectation (min_score/max_score) nor the module (export const threshold) sets a pass mark');
  });

  it('a missing module, a module without a function, and syntax errors in JS and TS', async () => {
    writeFileSync(join(root, 'evals/scorers/broken.js'), 'export default function (x) { return x. ; }\n');
    writeFileSync(join(root, 'evals/scorers/broken-ts.ts'), 'export default function (x: number): boolean {\n  return x >;\n}\n');
    const scores = await open().scoreMany([item('nope', 'x', {}, 'c1'), item('no-function', 'x', {}, 'c2'), item('broken', 'x', {}, 'c3'), item('broken-ts', 'x', {}, 'c4'), item('polite', 'fine', {}, 'c5')]);
    expect(scores[0]!.error).toBe(`scorer "nope" on case "c1": no module nope.js|.mjs|.ts|.mts in ${join(root, 'evals', 'scorers')}`);
    expect(scores[0]!.version).toBeUndefined();
    expect(scores[1]!.error).toBe('scorer "no-function" on case "c2": exports no scorer function (a default export, or a function named score)');
    expect(scores[2]!.error).toMatch(/^scorer "broken" on case "c3": could not be loaded: SyntaxError: /);
    expect(scores[3]!.error).toBe('scorer "broken-ts" on case "c4": does not compile: evals/scorers/broken-ts.ts:2:13: Unexpected ";"');
    expect(scores[3]!.version).toMatch(/^[0-9a-f]{12}$/);
    expect(scores[4]).toMatchObject({ passed: true });
  });

  it('refuses a module name that is a path', async () => {
    const [score] = await open().scoreMany([item('../secrets', 'x', {}, 'c1')]);
    expect(score!.error).toBe('scorer "../secrets" on case "c1": is not a module name (letters, digits, _ . -; not a path): "../secrets"');
  });

  it('a hang times out, costs only its own call, and the pool keeps working', async () => {
    const runner = open({ timeoutMs: 1000, workers: 1 });
    const items = [item('polite', 'ok', {}, 'before'), item('hang', 'x', {}, 'traffic-abc'), item('polite', 'ok', {}, 'after-1'), item('echo', '7', {}, 'after-2')];
    const started = Date.now();
    const scores = await runner.scoreMany(items);
    expect(scores.map((s) => [s.passed, s.error])).toEqual([
      [true, undefined],
      [false, 'scorer "hang" on case "traffic-abc": timed out after 1000 ms'],
      [true, undefined],
      [true, undefined],
    ]);
    expect(scores[3]!.value).toBe(7);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The same runner goes on with a fresh worker; a promise that never settles times out the same way.
    const again = await runner.scoreMany([item('never-resolves', 'x', {}, 'c9'), item('polite', 'fine')]);
    expect(again.map((s) => s.error ?? 'ok')).toEqual(['scorer "never-resolves" on case "c9": timed out after 1000 ms', 'ok']);
  });

  it('loading a module is timed apart from its calls', async () => {
    const scores = await open({ timeoutMs: 1000, loadTimeoutMs: 4000, workers: 1 }).scoreMany([
      item('slow-load', 'x', {}, 'c1'),
      item('never-loads', 'x', {}, 'c2'),
      item('slow-load', 'x', {}, 'c3'),
    ]);
    expect(scores.map((s) => s.error ?? s.passed)).toEqual([true, 'scorer "never-loads" on case "c2": timed out loading the module after 4000 ms', true]);
  });

  it('a module that keeps hanging strikes out after 3 calls: its other calls are not run', async () => {
    const items = Array.from({ length: 8 }, (_, i) => (i % 2 ? item('polite', 'fine', {}, `ok${i}`) : item('hang', 'x', {}, `h${i}`)));
    const scores = await open({ timeoutMs: 1000, workers: 1 }).scoreMany([...items, item('hang', 'x', {}, 'h-last')]);
    expect(scores.map((s) => s.error ?? s.passed)).toEqual([
      'scorer "hang" on case "h0": timed out after 1000 ms',
      true,
      'scorer "hang" on case "h2": timed out after 1000 ms',
      true,
      'scorer "hang" on case "h4": timed out after 1000 ms',
      true,
      'scorer "hang" on case "h6": not run: this scorer hung or ended its worker on 3 other calls (last: timed out after 1000 ms)',
      true,
      'scorer "hang" on case "h-last": not run: this scorer hung or ended its worker on 3 other calls (last: timed out after 1000 ms)',
    ]);
  });

  it('a memory hog is stopped by the memory limit and the rest of its batch still runs', async () => {
    const scores = await open({ memoryMb: 32, timeoutMs: 20_000, workers: 1 }).scoreMany([item('memory-hog', 'x', {}, 'hog'), item('polite', 'fine', {}, 'next')]);
    expect(scores[0]!.error).toBe('scorer "memory-hog" on case "hog": ran out of memory (limit 32 MB)');
    expect(scores[1]).toMatchObject({ passed: true });
    expect(scores[1]!.error).toBeUndefined();
  });

  it('process.exit in a scorer ends only its worker', async () => {
    const scores = await open({ workers: 1 }).scoreMany([item('exits', 'x', {}, 'c1'), item('polite', 'fine', {}, 'c2')]);
    expect(scores[0]!.error).toBe('scorer "exits" on case "c1": ended its worker (exit code 3)');
    expect(scores[1]).toMatchObject({ passed: true });
  });

  it('scoreMany after close gives errors, not a rejection', async () => {
    const runner = open();
    await runner.close();
    const [score] = await runner.scoreMany([item('polite', 'x', {}, 'c1')]);
    expect(score!.error).toBe('scorer "polite" on case "c1": the scorer runner is closed');
  });
});

describe('batching', () => {
  it('scores thousands of items across workers in the items’ order, with errors in place', async () => {
    const n = 3000;
    const items = Array.from({ length: n }, (_, i) => (i % 500 === 250 ? item('throws', String(i), {}, `k${i}`) : item('echo', String(i), {}, `k${i}`)));
    const started = Date.now();
    const scores = await open({ workers: 2 }).scoreMany(items);
    const ms = Date.now() - started;
    expect(scores).toHaveLength(n);
    scores.forEach((s, i) => {
      if (i % 500 === 250) expect(s.error).toBe(`scorer "throws" on case "k${i}": threw TypeError: cannot score k${i} on purpose`);
      else expect([s.value, s.detail]).toEqual([i, `passed (score ${i}): k${i}`]);
    });
    // Batched: far fewer than one round trip per item per millisecond of startup would allow (a loose bound).
    expect(ms).toBeLessThan(20_000);
  });

  it('a hang in the middle of a large batch loses only that item', async () => {
    const items = Array.from({ length: 200 }, (_, i) => (i === 37 ? item('hang', 'x', {}, 'stuck') : item('echo', String(i), {}, `k${i}`)));
    const scores = await open({ timeoutMs: 1000, workers: 1 }).scoreMany(items);
    expect(scores[37]!.error).toBe('scorer "hang" on case "stuck": timed out after 1000 ms');
    expect(scores.filter((s) => s.error)).toHaveLength(1);
    expect(scores.map((s, i) => (i === 37 ? 37 : s.value))).toEqual(items.map((_, i) => i));
  });
});
