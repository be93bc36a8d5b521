import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import { exportGateReport, type ExportedReport } from '../reports/export-report.js';
import { storeSlicesOfEvaluation } from '../runs/slice-results.js';
import type { Store } from '../store/index.js';
import { decideRun, loadPolicy, type DecideOptions } from './decide-run.js';

/**
 * Decides a run's gates with a policy file and exports the (optionally signed) report and manifest. The one
 * function behind every face that gates: a partial run is refused unless allowIncomplete (see decideRun).
 */
export function gateRun(
  input: {
    store: Store;
    workspaceRoot: string;
    runId: string;
    policyFile: string;
    outDir: string;
    signingKeyPem?: string;
  } & DecideOptions,
): { evaluation: GateEvaluation; exported: ExportedReport } {
  const policy = loadPolicy(input.policyFile);
  const { evaluation, evaluationId, outcomes } = decideRun(input.store, input.runId, policy, {
    ...(input.allowIncomplete ? { allowIncomplete: true } : {}),
    ...(input.workspaceArg !== undefined ? { workspaceArg: input.workspaceArg } : {}),
  });
  const exported = exportGateReport({
    store: input.store,
    runId: input.runId,
    evaluation,
    evaluationId,
    policy,
    outcomes,
    outDir: input.outDir,
    workspaceRoot: input.workspaceRoot,
    ...(input.signingKeyPem ? { signingKeyPem: input.signingKeyPem } : {}),
  });
  // After the report: the slices are for the overview, and a failure here must not leave a gated run without one.
  storeSlicesOfEvaluation(input.store, input.runId, evaluationId, policy.policy, evaluation, outcomes);
  return { evaluation, exported };
}
