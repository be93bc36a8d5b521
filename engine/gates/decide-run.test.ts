import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { SAMPLE_GATE_EVALUATION } from '../../test-support/sample-gate-evaluation.js';
import { executeReplay } from '../replay/execute-replay.js';
import { prepareRun } from '../replay/prepare-run.js';
import { ENVELOPE_FILE, MANIFEST_FILE, MARKDOWN_FILE, REPORT_FILE } from '../reports/export-report.js';
import { requiredPassVerdict, verifiedReportFacts } from '../reports/verified-report.js';
import { generateSigningKeyPair, verifyArtifacts } from '../signing/index.js';
import { markIncomplete } from './decide-run.js';
import { gateRun } from './gate-run.js';
import { runCompleteness } from './run-completeness.js';
import { inputError } from '../../test-support/input-error.js';

const CASES = 30;

/** A policy a handful of answered calls already passes: nothing but a generous ceiling on the infra error rate. */
const LENIENT_POLICY = `name: lenient
gates:
  - { name: Infra error rate, metric: infra_error, kind: max_rate, max_rate: 0.9 }
`;

const t = useReplayWorkspace('cg-decide-');

/** A run of the invoice suite stopped after `stopAfter` calls (all of them when undefined). */
async function replay(stopAfter?: number): Promise<string> {
  const suiteFile = writeInvoiceSuite(t.dir, 'partial', CASES);
  const targets = t.targets();
  const { run } = prepareRun(t.store, { suiteFile, suiteSource: 'evals/suites/partial.yaml', ...targets, repeats: 1, forceNew: true });
  const abort = new AbortController();
  await executeReplay(t.store, t.ws, run.id, targets, {
    simUrl: t.sim.url,
    concurrency: 1,
    signal: abort.signal,
    onProgress: (p) => {
      if (stopAfter !== undefined && p.done >= stopAfter) abort.abort();
    },
  });
  return run.id;
}

function gate(runId: string, opts: { allowIncomplete?: boolean; out?: string } = {}) {
  const policyFile = join(t.dir, 'evals', 'policies', 'lenient.yaml');
  writeFileSync(policyFile, LENIENT_POLICY);
  const keys = generateSigningKeyPair();
  const outDir = join(t.dir, opts.out ?? 'out');
  const gated = gateRun({ store: t.store, workspaceRoot: t.dir, runId, policyFile, outDir, signingKeyPem: keys.privateKeyPem, ...(opts.allowIncomplete ? { allowIncomplete: true } : {}) });
  return { ...gated, outDir, publicKeyPem: keys.publicKeyPem };
}

describe('gating a partial run', () => {
  it('refuses an interrupted run (exit 2) naming the missing calls and the resume command; writes and stores nothing', async () => {
    const runId = await replay(8);
    const c = runCompleteness(t.store, runId);
    expect(c).toMatchObject({ complete: false, status: 'interrupted', cases: CASES, repeats: 1, expectedCalls: CASES * 2, resume: `canary-gate replay --run ${runId}` });
    expect(c.answeredCalls).toBeGreaterThanOrEqual(8);
    expect(c.missingCalls).toBe(CASES * 2 - c.answeredCalls);
    expect(c.missingCalls).toBeGreaterThan(0);

    const err = inputError(() => gate(runId));
    expect(err.where).toEqual({ field: '--run' });
    expect(err.message).toContain(`run ${runId} is interrupted: ${c.missingCalls} of ${CASES * 2} calls (${CASES} cases × 2 arms × 1 attempt = ${CASES * 2} calls) have no result yet`);
    expect(err.message).toContain(`Complete it with: canary-gate replay --run ${runId} — then gate it again`);
    expect(err.message).toContain('--allow-incomplete');
    expect(existsSync(join(t.dir, 'out', REPORT_FILE))).toBe(false);
    expect(existsSync(join(t.dir, 'out', ENVELOPE_FILE))).toBe(false);
    expect(t.store.gates.latest(runId)).toBeUndefined();
  });

  it('the same policy PASSes the completed run; the partial one would have passed too — which is the danger', async () => {
    const complete = await replay();
    const { evaluation, exported } = gate(complete);
    expect(evaluation.verdict).toBe('PASS');
    expect(evaluation.incomplete).toBeUndefined();
    expect(exported.report).toMatchObject({ labels: [], run: { status: 'completed', identical_targets: false } });
    expect(exported.report.run.incomplete).toBeUndefined();
  });

  it('--allow-incomplete: an INCOMPLETE-labelled INCONCLUSIVE report in every file, never PASS, which verify --require-pass rejects', async () => {
    const runId = await replay(8);
    const { evaluation, exported, outDir, publicKeyPem } = gate(runId, { allowIncomplete: true });
    const c = runCompleteness(t.store, runId);

    // The gate passed on the partial sample; the evaluation says INCONCLUSIVE and why.
    expect(evaluation.verdict).toBe('INCONCLUSIVE');
    expect(evaluation.gates.map((g) => g.verdict)).toEqual(['INCONCLUSIVE']);
    expect(evaluation.gates[0]!.reason).toMatch(/^INCOMPLETE RUN: passed on a partial sample \(only \d+ of 60 calls are answered; complete the run to decide it\): /);
    expect(evaluation.incomplete).toEqual({
      status: 'interrupted', cases: CASES, repeats: 1, expected_calls: 60, answered_calls: c.answeredCalls, missing_calls: c.missingCalls, resume: `canary-gate replay --run ${runId}`,
    });
    expect(t.store.gates.latest(runId)!.evaluation).toEqual(evaluation);

    const report = JSON.parse(readFileSync(join(outDir, REPORT_FILE), 'utf8'));
    expect(report).toMatchObject({ verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'], run: { status: 'interrupted', incomplete: evaluation.incomplete } });
    expect(report.decision).toMatch(/^hold: the run is INCOMPLETE — \d+ of 60 calls have no result; complete it \(canary-gate replay --run run-/);
    expect(report.notes[0]).toMatch(/^INCOMPLETE: run \S+ is interrupted: \d+ of 60 calls/);
    expect(JSON.stringify(report.gates)).not.toContain('"PASS"');
    expect(exported.report.labels).toEqual(['INCOMPLETE']);

    const markdown = readFileSync(join(outDir, MARKDOWN_FILE), 'utf8');
    expect(markdown.split('\n')[0]).toBe('# Gate report: ⚠️ INCONCLUSIVE · INCOMPLETE');
    expect(markdown).toContain(`> **INCOMPLETE** — run ${runId} is interrupted: ${c.missingCalls} of 60 calls`);
    expect(markdown).not.toMatch(/✅/);

    const manifest = JSON.parse(readFileSync(join(outDir, MANIFEST_FILE), 'utf8'));
    expect(manifest.report).toMatchObject({ verdict: 'INCONCLUSIVE', labels: ['INCOMPLETE'] });
    expect(manifest.promotion_allowed).toBe(false);

    const verified = verifyArtifacts({ envelope: readFileSync(join(outDir, ENVELOPE_FILE), 'utf8'), envelopePath: join(outDir, ENVELOPE_FILE), publicKeyPem });
    expect(verified).toMatchObject({ ok: true, verdict: 'INCONCLUSIVE' });
    const facts = verifiedReportFacts(verified);
    expect(facts).toEqual({ labels: ['INCOMPLETE'], incomplete: evaluation.incomplete });
    expect(requiredPassVerdict(verified.verdict!, facts)).toEqual({ verdict: 'INCONCLUSIVE', reason: `the report is INCOMPLETE (${c.missingCalls} of 60 calls had no result): a partial run is never a pass` });
  });

  it('refuses a run whose calls all have results but whose replay did not finish (killed before it was scored)', async () => {
    const runId = await replay();
    t.store.runs.setStatus(runId, 'running');
    const err = inputError(() => gate(runId));
    expect(err.message).toContain(`run ${runId} is running: all 60 calls (30 cases × 2 arms × 1 attempt = 60 calls) have a result, but the replay is running, not completed`);
    expect(err.message).toContain(`Complete it (if no replay is running it any more) with: canary-gate replay --run ${runId}`);
  });

  it('refuses a pending run that never replayed a call', () => {
    const suiteFile = writeInvoiceSuite(t.dir, 'pending', 4);
    const { run } = prepareRun(t.store, { suiteFile, suiteSource: 's', ...t.targets(), repeats: 2 });
    expect(inputError(() => gate(run.id)).message).toContain(`run ${run.id} is pending: 16 of 16 calls (4 cases × 2 arms × 2 attempts = 16 calls) have no result yet`);
  });
});

describe('markIncomplete', () => {
  const c = { complete: false, status: 'interrupted' as const, cases: 40, repeats: 1, expectedCalls: 80, answeredCalls: 20, missingCalls: 60, resume: 'canary-gate replay --run r' };

  it('turns every PASS into INCONCLUSIVE and a PASS verdict into INCONCLUSIVE; FAIL and INCONCLUSIVE stay', () => {
    const allPass = { ...SAMPLE_GATE_EVALUATION, verdict: 'PASS' as const, gates: SAMPLE_GATE_EVALUATION.gates.map((g) => ({ ...g, verdict: 'PASS' as const })) };
    const marked = markIncomplete(allPass, c);
    expect(marked.verdict).toBe('INCONCLUSIVE');
    expect(new Set(marked.gates.map((g) => g.verdict))).toEqual(new Set(['INCONCLUSIVE']));
    expect(marked.incomplete).toMatchObject({ missing_calls: 60, expected_calls: 80, resume: 'canary-gate replay --run r' });

    const failing = markIncomplete(SAMPLE_GATE_EVALUATION, c);
    expect(failing.verdict).toBe('FAIL');
    expect(failing.gates.map((g) => g.verdict)).toEqual(SAMPLE_GATE_EVALUATION.gates.map((g) => (g.verdict === 'PASS' ? 'INCONCLUSIVE' : g.verdict)));
  });
});
