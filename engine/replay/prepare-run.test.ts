import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { useReplayWorkspace, writeInvoiceSuite } from '../../test-support/replay-workspace.js';
import { InputError, NotFoundError } from '../errors.js';
import { gateRun } from '../gates/gate-run.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { executeReplay } from './execute-replay.js';
import { prepareResume, prepareRun } from './prepare-run.js';

const t = useReplayWorkspace('cg-prepare-');

/** Adds a target `twin` to canary-gate.yaml: the baseline under another name (the same frozen change). */
function addTwinOfBaseline(): void {
  const config = parse(readFileSync(t.ws.configFile, 'utf8'));
  config.targets.twin = structuredClone(config.targets.baseline);
  writeFileSync(t.ws.configFile, stringify(config));
  t.reopen();
}

describe('prepareRun: A/A runs', () => {
  it('refuses baseline and candidate with one fingerprint, naming both and what it means; creates nothing', () => {
    addTwinOfBaseline();
    const suiteFile = writeInvoiceSuite(t.dir, 'aa', 4);
    const baseline = resolveTarget(t.ws.config, 'baseline', t.ws.configFile);
    const twin = resolveTarget(t.ws.config, 'twin', t.ws.configFile);
    expect(twin.fingerprint).toBe(baseline.fingerprint);
    let err: unknown;
    try {
      prepareRun(t.store, { suiteFile, suiteSource: 's', baseline, candidate: twin, repeats: 1, configFile: t.ws.configFile });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where).toEqual({ file: t.ws.configFile, field: 'targets' });
    expect((err as InputError).message).toMatch(
      new RegExp(`^the baseline target "baseline" and the candidate target "twin" have the same fingerprint \\(${baseline.fingerprint}\\): they are the same frozen change .* so this would be an A/A run\\.`),
    );
    expect((err as InputError).message).toContain('a PASS would say nothing about a change');
    expect((err as InputError).message).toMatch(/pass --allow-identical-targets$/);
    expect(t.store.runs.list(10, 0).total).toBe(0);
  });

  it('with allowIdenticalTargets replays it, and the gate report labels it A/A', async () => {
    const suiteFile = writeInvoiceSuite(t.dir, 'aa', 6);
    const baseline = t.targets().baseline;
    const { run } = prepareRun(t.store, { suiteFile, suiteSource: 's', baseline, candidate: baseline, repeats: 1, allowIdenticalTargets: true });
    expect(run.candidateTargetId).toBe(run.baselineTargetId);
    await executeReplay(t.store, t.ws, run.id, { baseline, candidate: baseline }, { simUrl: t.sim.url });
    const { exported } = gateRun({ store: t.store, workspaceRoot: t.dir, runId: run.id, policyFile: `${t.dir}/${t.ws.config.defaults.policy}`, outDir: `${t.dir}/out` });
    expect(exported.report.labels).toEqual(['A/A']);
    expect(exported.report.run.identical_targets).toBe(true);
    expect(exported.report.notes[0]).toBe(
      `A/A: the baseline and candidate have the same target fingerprint (${baseline.fingerprint}): this run compares a target with itself, so every difference is noise and the verdict says nothing about a change.`,
    );
    expect(exported.report.decision).toMatch(/^nothing to promote: baseline and candidate are the same target \(A\/A\)/);
    const markdown = readFileSync(exported.files.markdown, 'utf8');
    expect(markdown.split('\n')[0]).toMatch(/^# Gate report: .* · A\/A$/);
    expect(markdown).toContain('> **A/A** — the baseline and candidate have the same target fingerprint');
    expect(JSON.parse(readFileSync(exported.files.manifest, 'utf8')).report.labels).toEqual(['A/A']);
  });
});

describe('prepareResume (replay --run <id>)', () => {
  it('resumes a run by id with its stored suite version and targets, whatever the config says now', async () => {
    const suiteFile = writeInvoiceSuite(t.dir, 'resume', 10);
    const targets = t.targets();
    const { run } = prepareRun(t.store, { suiteFile, suiteSource: 's', ...targets, repeats: 1 });
    // The candidate is edited after the run started: the run still replays the frozen change it began with.
    const config = parse(readFileSync(t.ws.configFile, 'utf8'));
    config.targets.candidate.params.temperature = 0.7;
    writeFileSync(t.ws.configFile, stringify(config));
    t.reopen();
    const resume = prepareResume(t.store, run.id, t.ws.config, t.ws.configFile);
    expect(resume.run.id).toBe(run.id);
    expect(resume.targets.baseline).toEqual(targets.baseline);
    expect(resume.targets.candidate).toEqual(targets.candidate);
    expect(resolveTarget(t.ws.config, 'candidate', t.ws.configFile).fingerprint).not.toBe(targets.candidate.fingerprint);
    const outcome = await executeReplay(t.store, t.ws, run.id, resume.targets, { simUrl: t.sim.url });
    expect(outcome).toMatchObject({ interrupted: false, called: 20 });
    expect(t.store.runs.get(run.id)!.status).toBe('completed');
  });

  it('refuses an unknown run and a merged run', () => {
    expect(() => prepareResume(t.store, 'run-nope', t.ws.config, t.ws.configFile)).toThrow(NotFoundError);
    const suiteFile = writeInvoiceSuite(t.dir, 'merged', 4);
    const { run } = prepareRun(t.store, { suiteFile, suiteSource: 's', ...t.targets(), repeats: 1 });
    t.store.runs.setMergedShards(run.id, [{ shard: { index: 1, count: 2 }, sourceRunId: 'run-a', sourcePath: '/a.db', results: 4 }, { shard: { index: 2, count: 2 }, sourceRunId: 'run-b', sourcePath: '/b.db', results: 4 }]);
    expect(() => prepareResume(t.store, run.id, t.ws.config, t.ws.configFile)).toThrow(
      `run ${run.id} was merged from 2 shard runs (1/2 run-a, 2/2 run-b); resume the shard runs where they were replayed (canary-gate replay --run <shard run>) and merge again`,
    );
  });
});
