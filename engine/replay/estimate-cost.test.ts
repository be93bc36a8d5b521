import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { Target } from '../../shared/domain/target.js';
import { approxTokens, caseTokens, DEFAULT_COMPLETION_TOKENS, estimateCost } from './estimate-cost.js';

const evalCase = (content: string, recorded?: { prompt_tokens: number; completion_tokens: number }): EvalCase => ({
  id: 'c',
  input: { messages: [{ role: 'user', content }] },
  expectations: [],
  tags: [],
  severity: 'medium',
  origin: 'traffic',
  status: 'active',
  ...(recorded ? { recorded: { text: '', finish_reason: 'stop', tool_calls: [], latency_ms: null, cost_usd: null, ...recorded } } : {}),
});
const chat = (model: string): Target => ({ provider: 'openai-chat', base_url: 'sim', model, tool_policy: 'as-recorded', params: {}, headers: {} });

describe('cost estimate', () => {
  it('uses the captured token counts, else about four characters a token and a default answer length', () => {
    expect(caseTokens(evalCase('x', { prompt_tokens: 1200, completion_tokens: 80 }))).toEqual({ prompt: 1200, completion: 80 });
    expect(approxTokens('a'.repeat(401))).toBe(101);
    expect(caseTokens(evalCase('a'.repeat(400)))).toEqual({ prompt: 4 + 100, completion: DEFAULT_COMPLETION_TOKENS });
  });

  it('prices each arm, costs nothing for a recorded arm, and names unpriced models', () => {
    const c = evalCase('q', { prompt_tokens: 1_000_000, completion_tokens: 500_000 });
    const est = estimateCost(
      [{ evalCase: c, arm: 'baseline' }, { evalCase: c, arm: 'candidate' }, { evalCase: c, arm: 'candidate' }],
      { baseline: { ...chat('prod'), provider: 'recorded' }, candidate: chat('cand') },
      { cand: { input_per_mtok: 2, output_per_mtok: 8 } },
    );
    expect(est).toEqual({ calls: 2, baseline: 0, candidate: 12, total: 12, unpriced: [] });
    expect(estimateCost([{ evalCase: c, arm: 'candidate' }], { baseline: chat('a'), candidate: chat('nope') }, {}).unpriced).toEqual(['nope']);
  });
});
