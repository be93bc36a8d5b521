import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { canonicalJson } from '../../shared/canonical-json.js';
import type { GateEvaluation } from '../../shared/domain/gate-result.js';
import type { CaseOutcome } from '../../shared/gates/case-outcome.js';
import { sampleSizeUnpairedProportions } from '../../shared/stats/power.js';
import { writeFileAtomic } from '../fs-atomic.js';
import type { LoadedPolicy } from '../gates/decide-run.js';
import { sha256Hex } from '../hashing.js';
import { buildRolloutManifest } from '../manifests/rollout-manifest.js';
import { signArtifacts } from '../signing/index.js';
import type { Store } from '../store/index.js';
import { buildGateReport, type GateReport } from './gate-report.js';
import { renderMarkdown } from './render-markdown.js';

export const REPORT_FILE = 'gate-report.json';
export const MARKDOWN_FILE = 'gate-report.md';
export const MANIFEST_FILE = 'rollout-manifest.json';
export const ENVELOPE_FILE = 'gate-report.intoto.dsse.json';

/** What an export wrote. */
export interface ExportedReport {
  report: GateReport;
  outDir: string;
  files: { report: string; markdown: string; manifest: string; envelope: string | null };
  reportSha256: string;
  manifestSha256: string;
}

/**
 * Minimum canary requests per stage for the tightest proportion gate: the unpaired sample size that detects
 * a regression of the allowed size at the policy's power (STATISTICS.md, "How many samples"). The planning
 * failure rate is the baseline's, but never below the rule-of-three bound 3/n: a baseline that showed no
 * failures in n cases has not shown that it never fails.
 */
function minCanarySamples(report: GateReport, policy: LoadedPolicy): number {
  let most = 0;
  policy.policy.gates.forEach((g, i) => {
    const gate = report.gates[i];
    if (g.kind !== 'paired_proportion' || !gate || gate.baseline === null || gate.n === 0) return;
    const failureRate = Math.min(0.5, Math.max(1 - gate.baseline, 3 / gate.n));
    const delta = g.max_regression_points / 100;
    if (delta <= 0 || delta >= 1 - failureRate) return;
    most = Math.max(most, Math.ceil(sampleSizeUnpairedProportions(1 - failureRate, delta, 1 - policy.policy.confidence, policy.policy.power, 1)));
  });
  return most;
}

/**
 * Writes gate-report.json (canonical JSON), gate-report.md, rollout-manifest.json and — with a key — a DSSE
 * envelope over an in-toto statement whose subjects are the report and the manifest. Each file is replaced
 * atomically.
 */
export function exportGateReport(input: {
  store: Store;
  runId: string;
  evaluation: GateEvaluation;
  evaluationId: number;
  policy: LoadedPolicy;
  outcomes: readonly CaseOutcome[];
  outDir: string;
  workspaceRoot: string;
  signingKeyPem?: string;
}): ExportedReport {
  const { store, runId, evaluation, outDir } = input;
  const policyRel = { ...input.policy, file: relative(input.workspaceRoot, input.policy.file) || input.policy.file };
  const report = buildGateReport(store, runId, evaluation, policyRel, input.outcomes);
  const reportBytes = Buffer.from(`${canonicalJson(report)}\n`, 'utf8');
  const reportSha256 = sha256Hex(reportBytes);
  const manifest = buildRolloutManifest({
    report,
    reportSha256,
    reportFile: REPORT_FILE,
    gates: input.policy.policy.gates,
    minCanarySamples: minCanarySamples(report, input.policy),
  });
  const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
  const manifestSha256 = sha256Hex(manifestBytes);
  const files = {
    report: join(outDir, REPORT_FILE),
    markdown: join(outDir, MARKDOWN_FILE),
    manifest: join(outDir, MANIFEST_FILE),
    envelope: input.signingKeyPem ? join(outDir, ENVELOPE_FILE) : null,
  };
  writeFileAtomic(files.report, reportBytes);
  writeFileAtomic(files.manifest, manifestBytes);
  writeFileAtomic(files.markdown, renderMarkdown(report));
  if (input.signingKeyPem && files.envelope) {
    const suite = store.suites.get(store.runs.get(runId)!.suiteId)!;
    const envelope = signArtifacts({
      files: [
        { name: REPORT_FILE, bytes: reportBytes },
        { name: MANIFEST_FILE, bytes: manifestBytes },
      ],
      verdict: report.verdict,
      configuration: [
        { name: policyRel.file, digest: { sha256: sha256Hex(readFileSync(input.policy.file)) } },
        { name: `suite:${suite.name}`, digest: { sha256: suite.digest.replace(/^sha256:/, '') } },
        { name: `target:baseline:${report.targets.baseline.model}`, digest: { sha256: report.targets.baseline.fingerprint.replace(/^sha256:/, '') } },
        { name: `target:candidate:${report.targets.candidate.model}`, digest: { sha256: report.targets.candidate.fingerprint.replace(/^sha256:/, '') } },
      ],
      passedTests: report.gates.filter((g) => g.verdict === 'PASS').map((g) => g.name),
      warnedTests: report.gates.filter((g) => g.verdict === 'INCONCLUSIVE').map((g) => g.name),
      failedTests: report.gates.filter((g) => g.verdict === 'FAIL').map((g) => g.name),
      privateKeyPem: input.signingKeyPem,
    });
    writeFileAtomic(files.envelope, envelope);
  }
  store.reports.insert({ runId, gateEvaluationId: input.evaluationId, reportSha256, manifestSha256, outDir, signed: Boolean(input.signingKeyPem) });
  return { report, outDir, files, reportSha256, manifestSha256 };
}
