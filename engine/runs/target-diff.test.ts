import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../hashing.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';
import { OVERVIEW_BASELINE, OVERVIEW_CANDIDATE, seedOverviewRun } from '../../test-support/overview-run.js';
import { HIDDEN, NOT_SET, runTargetDiff } from './target-diff.js';

let dir: string;
let store: Store;
let runId: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-tdiff-'));
  ({ store, runId } = seedOverviewRun(dir, 10));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('runTargetDiff', () => {
  it('both sides as frozen with the run, and every changed field by dotted path', () => {
    const d = runTargetDiff(store, runId);
    expect(d.identical).toBe(false);
    expect(d.baseline).toEqual({
      name: 'baseline',
      fingerprint: fingerprint(OVERVIEW_BASELINE),
      provider: 'openai-chat',
      model: 'sim-baseline',
      base_url: 'sim',
      simulated: true,
      params: { temperature: 0, top_p: 1 },
      system_prompt: 'You are Acme support.',
      tools: [],
      tool_policy: 'as-recorded',
    });
    expect(d.candidate.fingerprint).toBe(fingerprint(OVERVIEW_CANDIDATE));
    expect(d.changed).toEqual([
      { field: 'model', baseline: 'sim-baseline', candidate: 'gpt-4.1-mini' },
      { field: 'base_url', baseline: 'sim', candidate: 'https://api.openai.com/v1' },
      { field: 'simulated', baseline: 'true', candidate: 'false' },
      { field: 'params.max_tokens', baseline: NOT_SET, candidate: '400' },
      { field: 'params.temperature', baseline: '0', candidate: '0.2' },
      { field: 'system_prompt', baseline: 'You are Acme support.', candidate: 'You are Acme support. Be brief.' },
      { field: 'tool_policy', baseline: 'as-recorded', candidate: 'none' },
      { field: 'api_key_env', baseline: NOT_SET, candidate: 'OPENAI_API_KEY' },
      { field: 'headers.x-gateway-key', baseline: NOT_SET, candidate: HIDDEN },
    ]);
  });

  it('never carries a header value', () => {
    expect(JSON.stringify(runTargetDiff(store, runId))).not.toContain('gw-secret-value');
  });

  it('an A/A run: the same fingerprint, nothing changed', () => {
    const run = store.runs.get(runId)!;
    store.runs.create('run-aa', run.suiteId, run.baselineTargetId, run.baselineTargetId, 1);
    const d = runTargetDiff(store, 'run-aa');
    expect(d.identical).toBe(true);
    expect(d.changed).toEqual([]);
    expect(d.candidate).toEqual(d.baseline);
  });

  it('tool sets and templates: names, changed definitions, nested params', () => {
    const tool = (name: string, description: string) => ({ type: 'function' as const, function: { name, description } });
    const a = { ...OVERVIEW_BASELINE, tool_policy: 'replace' as const, tools: [tool('lookup', 'v1'), tool('refund', 'r')], params: { reasoning: { effort: 'low' } } };
    const b = { ...OVERVIEW_BASELINE, tool_policy: 'replace' as const, tools: [tool('lookup', 'v2')], prompt_template: 'Answer: {{message}}', params: { reasoning: { effort: 'high' } } };
    const ia = store.targets.upsert('a', fingerprint(a), a, true);
    const ib = store.targets.upsert('b', fingerprint(b), b, true);
    store.runs.create('run-tools', store.runs.get(runId)!.suiteId, ia, ib, 1);
    const d = runTargetDiff(store, 'run-tools');
    expect(d.baseline.tools).toEqual(['lookup', 'refund']);
    expect(d.candidate.prompt_template).toBe('Answer: {{message}}');
    expect(d.changed).toEqual([
      { field: 'params.reasoning.effort', baseline: 'low', candidate: 'high' },
      { field: 'prompt_template', baseline: NOT_SET, candidate: 'Answer: {{message}}' },
      { field: 'tools', baseline: 'lookup, refund', candidate: 'lookup' },
      { field: 'tools.lookup', baseline: JSON.stringify(tool('lookup', 'v1')), candidate: JSON.stringify(tool('lookup', 'v2')) },
    ]);
  });

  it('an unknown run is not found', () => {
    expect(() => runTargetDiff(store, 'run-nope')).toThrow(NotFoundError);
  });
});
