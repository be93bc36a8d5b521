import { chmodSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import { gateRun } from '../gates/gate-run.js';
import type { ImportSummary } from '../importers/import-captures.js';
import { importIntoWorkspace } from '../importers/import-into-workspace.js';
import type { JudgeSummary } from '../../shared/domain/judge-summary.js';
import { judgeSummary } from '../judges/judge-summary.js';
import { judgeSummaryLines } from '../judges/judge-summary-text.js';
import { packageRoot } from '../package-root.js';
import { executeReplay } from '../replay/execute-replay.js';
import { prepareRun } from '../replay/prepare-run.js';
import type { ReplayOutcome } from '../replay/replay-run.js';
import type { ExportedReport } from '../reports/export-report.js';
import { generateSigningKeyPair, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, writeKeyPair } from '../signing/index.js';
import { openStore } from '../store/index.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { initWorkspace, openWorkspace } from '../workspace.js';

/** The shipped capture the demo imports. */
export const DEMO_CAPTURE = 'fixtures/traffic/support-bot-capture.jsonl';

export interface DemoResult {
  outDir: string;
  workspaceRoot: string;
  runId: string;
  imported: ImportSummary;
  replay: ReplayOutcome;
  /** What the suite's judges said (null when the demo suite declares none). */
  judges: JudgeSummary | null;
  evaluation: GateEvaluation;
  exported: ExportedReport;
  publicKeyFile: string;
}

export type DemoStep = 'workspace' | 'import' | 'replay' | 'judge' | 'gate';

/**
 * The whole release loop offline: a workspace in outDir targeting the embedded simulated endpoints, the
 * shipped capture imported, both arms replayed over HTTP and scored, the gates decided, and the signed report,
 * manifest and public key written to outDir.
 */
export async function runDemo(opts: {
  outDir: string;
  simTimeScale?: number;
  concurrency?: number;
  signal?: AbortSignal;
  onStep?: (step: DemoStep, detail: string) => void;
  onProgress?: (done: number, total: number) => void;
}): Promise<DemoResult> {
  const outDir = resolve(opts.outDir);
  initWorkspace(outDir);
  const ws = openWorkspace(outDir);
  opts.onStep?.('workspace', ws.root);
  const store = openStore(ws.databaseFile);
  try {
    const imported = await importIntoWorkspace(ws, store, { paths: [join(packageRoot(), DEMO_CAPTURE)] });
    opts.onStep?.('import', `${imported.imported} new, ${imported.duplicates} already imported, ${imported.rejected} rejected, redaction ${imported.redacted ? 'on' : 'off'}`);

    if (!existsSync(join(ws.keysDir, PRIVATE_KEY_FILE))) writeKeyPair(ws.keysDir, generateSigningKeyPair(), { publicKeyMode: 0o600 });
    const publicKeyFile = join(outDir, PUBLIC_KEY_FILE);
    copyFileSync(join(ws.keysDir, PUBLIC_KEY_FILE), publicKeyFile);
    chmodSync(publicKeyFile, 0o644); // the copy beside the report is for sharing; the workspace's own stays 0600

    const baseline = resolveTarget(ws.config, ws.config.defaults.baseline, ws.configFile);
    const candidate = resolveTarget(ws.config, ws.config.defaults.candidate, ws.configFile);
    const suiteFile = resolve(ws.root, ws.config.defaults.suite);
    const prepared = prepareRun(store, { suiteFile, suiteSource: relative(ws.root, suiteFile), baseline, candidate, repeats: 1, config: ws.config, configFile: ws.configFile });
    opts.onStep?.('replay', `${prepared.resumed ? 'resuming' : 'starting'} run ${prepared.run.id}: ${prepared.suite.cases.length} cases × 2 arms`);
    const replay = await executeReplay(store, ws, prepared.run.id, { baseline, candidate }, {
      simTimeScale: opts.simTimeScale ?? 0.05,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      discardRunIfRefused: !prepared.resumed,
      onProgress: (p) => opts.onProgress?.(p.done, p.total),
    });
    if (replay.interrupted) throw Object.assign(new Error('interrupted'), { replay });
    // The judges ran inside the replay (the demo suite's rubric_judge and pairwise_judge, graded by the simulated judge).
    const judges = replay.judged ? judgeSummary(store, prepared.run.id) : null;
    if (judges) opts.onStep?.('judge', judgeSummaryLines(judges).join('\n'));

    const { evaluation, exported } = gateRun({
      store,
      workspaceRoot: ws.root,
      runId: prepared.run.id,
      policyFile: resolve(ws.root, ws.config.defaults.policy),
      outDir,
      signingKeyPem: readFileSync(join(ws.keysDir, PRIVATE_KEY_FILE), 'utf8'),
    });
    opts.onStep?.('gate', evaluation.verdict);
    return { outDir, workspaceRoot: ws.root, runId: prepared.run.id, imported, replay, judges, evaluation, exported, publicKeyFile };
  } finally {
    store.close();
  }
}
