import { describe, expect, it } from 'vitest';
import { interpretResult, type ScoreBounds } from './interpret-result.js';

describe('interpretResult', () => {
  const cases: [string, unknown, ScoreBounds, ReturnType<typeof interpretResult>][] = [
    ['true', true, {}, { passed: true, detail: 'passed' }],
    ['false', false, { min_score: 1 }, { passed: false, detail: 'failed' }],
    ['number within both bounds', 0.5, { min_score: 0.5, max_score: 0.5 }, { passed: true, value: 0.5, detail: 'score 0.5 in [0.5, 0.5]' }],
    ['number below min', 0.49, { min_score: 0.5, threshold: 0 }, { passed: false, value: 0.49, detail: 'score 0.49 not >= min_score 0.5' }],
    ['number at the threshold', 3, { threshold: 3 }, { passed: true, value: 3, detail: "score 3 >= the module's threshold 3" }],
    ['negative number, max only', -2, { max_score: 0 }, { passed: true, value: -2, detail: 'score -2 <= max_score 0' }],
    ['number, no pass mark', 1, {}, { error: 'returned the score 1, but neither the expectation (min_score/max_score) nor the module (export const threshold) sets a pass mark' }],
    ['number, bad threshold', 1, { threshold: '0.5' }, { error: 'exports a threshold that is not a finite number (the string "0.5")' }],
    ['Infinity', Infinity, { min_score: 0 }, { error: 'returned the number Infinity; a score must be a finite number' }],
    ['pass with score, no bounds: pass decides', { pass: false, score: 0.9 }, { threshold: 0.5 }, { passed: false, value: 0.9, detail: 'failed (score 0.9)' }],
    ['pass with score and bounds: bounds decide', { pass: false, score: 0.9, reason: 'meh' }, { min_score: 0.8 }, { passed: true, value: 0.9, detail: 'score 0.9 >= min_score 0.8: meh' }],
    ['score only: threshold decides', { score: 0.1, reason: 'r' }, { threshold: 0.5 }, { passed: false, value: 0.1, detail: "score 0.1 < the module's threshold 0.5: r" }],
    ['pass only with reason', { pass: true, reason: 'ok' }, {}, { passed: true, detail: 'passed: ok' }],
    ['pass not boolean', { pass: 'yes' }, {}, { error: 'returned pass = the string "yes"; pass must be true or false' }],
    ['score not a number', { score: '0.5' }, {}, { error: 'returned score = the string "0.5"; score must be a finite number' }],
    ['reason not a string', { pass: true, reason: 3 }, {}, { error: 'returned reason = the number 3; reason must be a string' }],
    ['empty object', {}, {}, { error: 'returned an object with neither pass nor score; expected true/false, a number, or { pass?, score?, reason? }' }],
    ['array', [true], {}, { error: 'returned an array of 1; expected true/false, a number, or { pass?, score?, reason? }' }],
    ['null', null, {}, { error: 'returned null; expected true/false, a number, or { pass?, score?, reason? }' }],
    ['long string', 'x'.repeat(50), {}, { error: `returned the string "${'x'.repeat(40)}…"; expected true/false, a number, or { pass?, score?, reason? }` }],
  ];
  it.each(cases)('%s', (_label, result, bounds, expected) => {
    expect(interpretResult(result, bounds)).toEqual(expected);
  });
});
