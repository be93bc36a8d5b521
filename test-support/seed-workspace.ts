import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint } from '../engine/hashing.js';
import { openStore, type NewResult } from '../engine/store/index.js';
import type { EvalCase } from '../shared/domain/suite.js';
import type { Target } from '../shared/domain/target.js';
import { SAMPLE_CASES, SAMPLE_GATE_EVALUATION } from './sample-gate-evaluation.js';

export { SAMPLE_CASES, SAMPLE_GATE_EVALUATION };

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The candidate case that hit an infra error in the gated run (1 of 80 calls: the 1.25% infra error rate). */
const INFRA_ERROR_CASE = 13;

const slices = ['billing', 'refunds', 'shipping', 'account'] as const;

function seededCases(): EvalCase[] {
  return Array.from({ length: SAMPLE_CASES }, (_, i) => {
    const slice = slices[i % slices.length]!;
    return {
      id: `${slice}-${String(Math.floor(i / slices.length) + 1).padStart(2, '0')}`,
      input: { messages: [{ role: 'user', content: `Seeded ${slice} question #${i + 1}` }] },
      expectations: [{ type: 'contains', value: slice }],
      tags: ['seeded'],
      slice,
      severity: i % 5 === 0 ? 'high' : 'medium',
      origin: 'traffic',
      provenance: `capture-${1000 + i}`,
      status: 'active',
    };
  });
}

const baselineTarget: Target = {
  provider: 'openai-chat',
  base_url: 'sim',
  model: 'sim-baseline',
  tool_policy: 'as-recorded',
  params: { temperature: 0 },
  headers: {},
};

const candidateTarget: Target = {
  provider: 'openai-chat',
  base_url: 'https://api.openai.com/v1',
  model: 'gpt-4.1-mini',
  api_key_env: 'OPENAI_API_KEY',
  tool_policy: 'as-recorded',
  params: { temperature: 0 },
  headers: {},
};

export interface SeededWorkspace {
  dir: string;
  /** runIds[0] is the run with a stored gate evaluation; runIds[1] has results but was never gated. */
  runIds: [string, string];
  /** Removes the workspace folder. */
  cleanup(): void;
}

/**
 * Creates a temporary workspace (the fixture canary-gate.yaml) and seeds its database through the store
 * repositories: one suite of 40 cases, a simulated baseline and a real candidate target, two runs with
 * results, and a stored gate evaluation for the first run.
 */
export function seedWorkspace(): SeededWorkspace {
  const dir = mkdtempSync(join(tmpdir(), 'canary-gate-seed-'));
  copyFileSync(join(repoRoot, 'fixtures', 'workspace', 'canary-gate.yaml'), join(dir, 'canary-gate.yaml'));
  mkdirSync(join(dir, '.canary-gate'), { recursive: true });
  const store = openStore(join(dir, '.canary-gate', 'canary-gate.db'));
  try {
    const cases = seededCases();
    const suiteId = store.suites.upsert('support-bot', fingerprint(cases), 'evals/suites/support-bot.yaml', cases);
    const stored = store.suites.activeCases(suiteId);
    const baselineId = store.targets.upsert('baseline', fingerprint(baselineTarget), baselineTarget, true);
    const candidateId = store.targets.upsert('candidate', fingerprint(candidateTarget), candidateTarget, false);

    const gatedRunId = 'run-20261102-091500-a1b2';
    const otherRunId = 'run-20261103-140210-c3d4';
    for (const [runId, count] of [[gatedRunId, stored.length], [otherRunId, 12]] as const) {
      store.runs.create(runId, suiteId, baselineId, candidateId, 1);
      const rows: NewResult[] = [];
      stored.slice(0, count).forEach((c, i) => {
        for (const arm of ['baseline', 'candidate'] as const) {
          const infra = runId === gatedRunId && arm === 'candidate' && i === INFRA_ERROR_CASE;
          rows.push({
            runId,
            caseId: c.id,
            arm,
            attempt: 0,
            status: infra ? 'infra_error' : 'ok',
            outputText: infra ? null : `Seeded ${arm} answer for ${c.key}`,
            finishReason: infra ? null : 'stop',
            toolCallsJson: null,
            error: infra ? 'HTTP 503 after 4 retries' : null,
            latencyMs: infra ? null : (arm === 'baseline' ? 900 : 840) + ((i * 37) % 700),
            promptTokens: infra ? null : 410 + i,
            completionTokens: infra ? null : 120 + (i % 30),
            costUsd: infra ? null : arm === 'baseline' ? 0.00412 : 0.00331,
            retries: infra ? 4 : 0,
          });
        }
      });
      store.results.insertMany(rows);
    }
    store.runs.setStatus(gatedRunId, 'completed');
    store.runs.setStatus(otherRunId, 'interrupted');
    store.gates.insert(gatedRunId, SAMPLE_GATE_EVALUATION);
    return { dir, runIds: [gatedRunId, otherRunId], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } finally {
    store.close();
  }
}
