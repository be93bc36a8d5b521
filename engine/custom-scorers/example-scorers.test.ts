// The example scorers that ship in evals/scorers/ (and that init copies into a new workspace) work as documented.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { CustomScorerRunner, CustomScoringItem } from '../scoring/custom-scorer-runner.js';
import { openCustomScorerRunner } from './open-runner.js';

const EXAMPLES = fileURLToPath(new URL('../../evals/scorers', import.meta.url));
let root: string;
let runner: CustomScorerRunner;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'cg-example-scorers-'));
  cpSync(EXAMPLES, join(root, 'evals', 'scorers'), { recursive: true });
  runner = openCustomScorerRunner(root, { workers: 1 });
});
afterAll(async () => {
  await runner.close();
  rmSync(root, { recursive: true, force: true });
});

const item = (spec: Omit<ScorerSpecOf<'custom'>, 'type'>, text: string, user: string, documents: { id: string; text: string }[] = []): CustomScoringItem => ({
  spec: { type: 'custom', ...spec },
  caseKey: 'example',
  output: { text, finishReason: 'stop', toolCalls: [] },
  input: { messages: [{ role: 'user', content: user }], documents },
});

it('no-invented-amounts fails an amount that the input does not state', async () => {
  const scores = await runner.scoreMany([
    item({ scorer: 'no-invented-amounts' }, 'Your refund of $1,200.00 is on its way.', 'I was charged 1200 USD twice.'),
    item({ scorer: 'no-invented-amounts' }, 'You will get $45 back.', 'Refund my order please.', [{ id: 'doc-1', text: 'Refunds are 30 dollars at most.' }]),
    item({ scorer: 'no-invented-amounts' }, 'Refunds take 5 days.', 'When?'),
  ]);
  expect(scores.map((s) => [s.passed, s.detail, s.error])).toEqual([
    [true, 'passed: every amount stated (1200) appears in the input', undefined],
    [false, 'failed: states amount(s) found nowhere in the input: 45', undefined],
    [true, 'passed: states no amount', undefined],
  ]);
});

it('concise scores by length against its threshold or the suite bounds', async () => {
  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
  const scores = await runner.scoreMany([
    item({ scorer: 'concise', options: { target_words: 10 } }, words(8), 'q'),
    item({ scorer: 'concise', options: { target_words: 10 } }, words(25), 'q'), // 1 - 15/20 = 0.25 < 0.5
    item({ scorer: 'concise', options: { target_words: 10 }, min_score: 0.9 }, words(12), 'q'), // 0.9
  ]);
  expect(scores.map((s) => [s.passed, s.value, s.detail])).toEqual([
    [true, 1, "score 1 >= the module's threshold 0.5: 8 words (target 10)"],
    [false, 0.25, "score 0.25 < the module's threshold 0.5: 25 words (target 10)"],
    [true, 0.9, 'score 0.9 >= min_score 0.9: 12 words (target 10)'],
  ]);
});
