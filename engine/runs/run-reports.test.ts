import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError } from '../errors.js';
import { gateRun } from '../gates/gate-run.js';
import { generateSigningKeyPair } from '../signing/index.js';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import { seedOverviewRun } from '../../test-support/overview-run.js';
import { runReports } from './run-reports.js';

let dir: string;
let ws: Workspace;
let store: Store;
let runId: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-reports-'));
  ({ ws, store, runId } = seedOverviewRun(dir, 30));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const gate = (outDir: string, signingKeyPem?: string) =>
  gateRun({ store, workspaceRoot: ws.root, runId, policyFile: join(ws.root, ws.config.defaults.policy), outDir, ...(signingKeyPem ? { signingKeyPem } : {}) });

describe('runReports', () => {
  it('every export of the run, newest first, with its verdict, digest and the files the gate wrote', () => {
    const signedDir = join(dir, 'out-signed');
    const first = gate(signedDir, generateSigningKeyPair().privateKeyPem);
    const unsignedDir = join(dir, 'out-unsigned');
    const second = gate(unsignedDir);
    const { reports } = runReports(store, runId);
    expect(reports.map((r) => r.out_dir)).toEqual([unsignedDir, signedDir]);
    expect(reports[0]).toMatchObject({ signed: false, verdict: second.evaluation.verdict, report_sha256: second.exported.reportSha256, current: true });
    expect(reports[1]).toMatchObject({ signed: true, verdict: first.evaluation.verdict, report_sha256: first.exported.reportSha256, current: true });
    expect(reports[1]!.files).toEqual([
      { name: 'gate-report.json', path: join(signedDir, 'gate-report.json'), exists: true },
      { name: 'gate-report.md', path: join(signedDir, 'gate-report.md'), exists: true },
      { name: 'rollout-manifest.json', path: join(signedDir, 'rollout-manifest.json'), exists: true },
      { name: 'gate-report.intoto.dsse.json', path: join(signedDir, 'gate-report.intoto.dsse.json'), exists: true },
    ]);
    expect(reports[0]!.files.map((f) => f.name)).toEqual(['gate-report.json', 'gate-report.md', 'rollout-manifest.json']);
  });

  it('files deleted since, and a report written over by a later gate into the same folder', () => {
    const out = join(dir, 'out');
    gate(out);
    rmSync(join(out, 'gate-report.md'));
    let [only] = runReports(store, runId).reports;
    expect(only!.files.find((f) => f.name === 'gate-report.md')!.exists).toBe(false);
    expect(only!.current).toBe(true);
    writeFileSync(join(out, 'gate-report.json'), '{"edited":true}\n');
    [only] = runReports(store, runId).reports;
    expect(only!.current).toBe(false);
    rmSync(out, { recursive: true });
    [only] = runReports(store, runId).reports;
    expect(only!.files.every((f) => !f.exists)).toBe(true);
  });

  it('a run without reports; an unknown run', () => {
    expect(runReports(store, runId)).toEqual({ reports: [] });
    expect(() => runReports(store, 'run-nope')).toThrow(NotFoundError);
  });
});
