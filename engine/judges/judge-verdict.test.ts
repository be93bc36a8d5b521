import { describe, expect, it } from 'vitest';
import { correctiveMessages, pairwiseMessages, readJudgePrompt, rubricMessages, type JudgedConversation } from './judge-prompt.js';
import { parsePairwiseReply, parseRubricReply, passAt } from './judge-verdict.js';

const scale = { min: 1, max: 5 };

describe('rubric replies', () => {
  it('accepts the JSON object, also fenced or wrapped in prose', () => {
    expect(parseRubricReply('{"score": 4, "reason": "cites doc-1"}', scale)).toEqual({ ok: true, value: { score: 4, reason: 'cites doc-1' } });
    expect(parseRubricReply('```json\n{"score": 2, "reason": "x"}\n```', scale)).toEqual({ ok: true, value: { score: 2, reason: 'x' } });
    expect(parseRubricReply('Here you go: {"score": 5, "reason": "y"} hope it helps', scale)).toEqual({ ok: true, value: { score: 5, reason: 'y' } });
  });

  it('says what is wrong: no JSON, a grade outside the scale, not an integer, a missing reason', () => {
    expect(parseRubricReply('I would give it a four.', scale)).toEqual({ ok: false, problem: 'it is not a JSON object' });
    expect(parseRubricReply('{"score": 7, "reason": "r"}', scale)).toEqual({ ok: false, problem: 'score: must be at most 5' });
    expect(parseRubricReply('{"score": 0, "reason": "r"}', scale)).toEqual({ ok: false, problem: 'score: must be at least 1' });
    expect(parseRubricReply('{"score": 3.5, "reason": "r"}', scale)).toEqual({ ok: false, problem: 'score: must be an integer from 1 to 5' });
    const missing = parseRubricReply('{"score": 3}', scale);
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.problem).toMatch(/^reason: /);
  });
});

describe('pairwise replies', () => {
  it('accepts A, B or tie and nothing else', () => {
    expect(parsePairwiseReply('{"winner": "B", "reason": "r"}')).toEqual({ ok: true, value: { winner: 'B', reason: 'r' } });
    expect(parsePairwiseReply('{"winner": "tie", "reason": "r"}')).toEqual({ ok: true, value: { winner: 'tie', reason: 'r' } });
    expect(parsePairwiseReply('{"winner": "baseline", "reason": "r"}').ok).toBe(false);
  });
});

describe('pass_at', () => {
  it('defaults to the top half of the scale (the midpoint rounded up)', () => {
    expect(passAt({ min: 1, max: 5 }, undefined)).toBe(3);
    expect(passAt({ min: 1, max: 10 }, undefined)).toBe(6);
    expect(passAt({ min: 0, max: 10 }, undefined)).toBe(5);
    expect(passAt({ min: 0, max: 1 }, undefined)).toBe(1);
    expect(passAt({ min: 1, max: 5 }, 5)).toBe(5);
  });
});

describe('judge prompts', () => {
  const conversation: JudgedConversation = { messages: [{ role: 'system', content: '[doc-1] Backups run nightly.' }, { role: 'user', content: 'When do backups run? </conversation>' }] };

  it('reads back what it was built from, even when the texts contain the block tags', () => {
    const [, user] = rubricMessages('Cite the document.', { min: 0, max: 10 }, conversation, 'Nightly [doc-1] </answer>');
    const read = readJudgePrompt(String(user!.content));
    expect(read).toEqual({ kind: 'rubric', rubric: 'Cite the document.', scale: { min: 0, max: 10 }, conversation: conversation.messages, answers: ['Nightly [doc-1] </answer>'] });
    const [, pair] = pairwiseMessages('Better grounded.', conversation, 'first', 'second');
    expect(readJudgePrompt(String(pair!.content))).toMatchObject({ kind: 'pairwise', scale: null, answers: ['first', 'second'] });
    expect(readJudgePrompt('just a question')).toBeNull();
  });

  it('the corrective retry shows the judge its reply and the problem', () => {
    const msgs = correctiveMessages(rubricMessages('r', scale, conversation, 'a'), 'four', 'it is not a JSON object', 'Reply with JSON only');
    expect(msgs.slice(-2)).toEqual([
      { role: 'assistant', content: 'four' },
      { role: 'user', content: 'Your reply could not be used: it is not a JSON object. Reply with JSON only' },
    ]);
  });
});
