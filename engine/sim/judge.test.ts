import { describe, expect, it } from 'vitest';
import { pairwiseMessages, readJudgePrompt, rubricMessages, type JudgedConversation } from '../judges/judge-prompt.js';
import { loadBehaviours } from './behaviours.js';
import { answerQuality, judgeReply, simJudgeKnobs, simulateJudge } from './judge.js';

const behaviours = loadBehaviours();
const conversation: JudgedConversation = {
  messages: [
    { role: 'system', content: "You are Acme Cloud's support assistant. Answer only from the documents and cite them as [doc-N].\n[doc-1] Acme Cloud backups run nightly at 02:00 UTC and are kept for 30 days." },
    { role: 'user', content: 'When do the backups run and how long are they kept?' },
  ],
};
const right = 'According to our documentation: Acme Cloud backups run nightly at 02:00 UTC and are kept for 30 days. [doc-1]';
const fabricated = 'According to our documentation: Acme Cloud backups run nightly at 02:00 UTC and are kept for 30 days. [doc-7]';
const rubricPrompt = (answer: string) => readJudgePrompt(String(rubricMessages('Grounded and cited.', { min: 1, max: 5 }, conversation, answer)[1]!.content))!;

describe('simulated judge', () => {
  it('reads its knobs from the model name and refuses bad ones', () => {
    expect(simJudgeKnobs('sim-judge')).toEqual({ bias: 0, noise: 0, invalid: 0, latency: 400 });
    expect(simJudgeKnobs('sim-judge:bias=0.3,invalid=0.1,latency=5')).toEqual({ bias: 0.3, noise: 0, invalid: 0.1, latency: 5 });
    expect(simJudgeKnobs('sim-judge:bias=2')).toBeNull();
    expect(simJudgeKnobs('sim-judge:colour=1')).toBeNull();
    expect(simJudgeKnobs('sim-baseline')).toBeNull();
  });

  it('grades from what the sim knows is right: the cited sentence beats a fabricated citation and an empty answer', () => {
    expect(answerQuality(behaviours, rubricPrompt(right), right)).toBe(1);
    expect(answerQuality(behaviours, rubricPrompt(fabricated), fabricated)).toBe(0.1);
    expect(answerQuality(behaviours, rubricPrompt(''), '')).toBe(0);
    const knobs = simJudgeKnobs('sim-judge')!;
    expect(JSON.parse(judgeReply(behaviours, knobs, rubricPrompt(right), 'h1')).score).toBe(5);
    expect(JSON.parse(judgeReply(behaviours, knobs, rubricPrompt(fabricated), 'h1')).score).toBe(1);
  });

  it('prefers the better answer in either order, and with bias=1 always picks the first', () => {
    const pair = (a: string, b: string) => readJudgePrompt(String(pairwiseMessages('Grounded.', conversation, a, b)[1]!.content))!;
    const fair = simJudgeKnobs('sim-judge')!;
    expect(JSON.parse(judgeReply(behaviours, fair, pair(right, fabricated), 'h')).winner).toBe('A');
    expect(JSON.parse(judgeReply(behaviours, fair, pair(fabricated, right), 'h')).winner).toBe('B');
    expect(JSON.parse(judgeReply(behaviours, fair, pair(right, right), 'h')).winner).toBe('tie');
    const biased = simJudgeKnobs('sim-judge:bias=1')!;
    expect(JSON.parse(judgeReply(behaviours, biased, pair(fabricated, right), 'h')).winner).toBe('A');
  });

  it('answers prose at the invalid rate, deterministically per request', () => {
    const knobs = simJudgeKnobs('sim-judge:invalid=0.5')!;
    const replies = Array.from({ length: 400 }, (_, i) => judgeReply(behaviours, knobs, rubricPrompt(right), `req-${i}`));
    const prose = replies.filter((r) => !r.startsWith('{')).length;
    expect(prose).toBeGreaterThan(150);
    expect(prose).toBeLessThan(250);
    expect(judgeReply(behaviours, knobs, rubricPrompt(right), 'req-7')).toBe(replies[7]);
  });

  it('is a completion with usage and a latency around its median', () => {
    const c = simulateJudge(behaviours, simJudgeKnobs('sim-judge:latency=100')!, 'sim-judge:latency=100', { model: 'sim-judge:latency=100', messages: rubricMessages('r', { min: 1, max: 5 }, conversation, right) }, 'abc');
    expect(JSON.parse(c.content)).toMatchObject({ score: 5 });
    expect(c.usage.prompt_tokens).toBeGreaterThan(50);
    expect(c.latencyMs).toBeGreaterThan(30);
    expect(c.latencyMs).toBeLessThan(300);
  });
});

describe('simulated judge knobs as a request parameter', () => {
  it('reads sim_judge from the request (winning over the model name) and refuses bad ones', () => {
    expect(simJudgeKnobs('sim-judge', { bias: 0.2, invalid: 0.05 })).toEqual({ bias: 0.2, noise: 0, invalid: 0.05, latency: 400 });
    expect(simJudgeKnobs('sim-judge:bias=0.9', { bias: 0.1 })).toMatchObject({ bias: 0.1 });
    expect(simJudgeKnobs('sim-judge', { bias: 'high' })).toBeNull();
    expect(simJudgeKnobs('sim-judge', { temperature: 0 })).toBeNull();
    expect(simJudgeKnobs('sim-judge', [0.1])).toBeNull();
  });
});
