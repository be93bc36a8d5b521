import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exitCodeForVerdict } from '../../shared/domain/gate-result.js';
import { NotFoundError } from '../../engine/errors.js';
import { gateRun } from '../../engine/gates/gate-run.js';
import { unknownRunError } from '../../engine/runs/unknown-run.js';
import { loadPrivateKey, PRIVATE_KEY_FILE } from '../../engine/signing/index.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { gateTableText, reportNotesText } from '../print-gates.js';

/** `canary-gate gate`: decide the gates of a run; the exit code is the verdict (CI's promotion check). */
export const gateCommand: Command = {
  name: 'gate',
  summary: 'Decide the gate policy on a run and write the signed report + rollout manifest; exit 0 PASS, 1 FAIL, 3 INCONCLUSIVE (a partial run: exit 2)',
  usage: 'gate [--run <id>] [--policy <file>] [--out <dir>] [--key <signing-key.pem>] [--no-sign] [--allow-incomplete]',
  options: {
    'allow-incomplete': { type: 'boolean', default: false },
    run: { type: 'string' },
    policy: { type: 'string' },
    out: { type: 'string' },
    key: { type: 'string' },
    'no-sign': { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    try {
      const ws = ctx.workspace;
      const runId = typeof values.run === 'string' ? values.run : ctx.store.runs.list(1, 0).runs[0]?.id;
      if (!runId) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
      if (!ctx.store.runs.get(runId)) throw unknownRunError(ctx.store, runId);
      const policyFile = resolve(ws.root, String(values.policy ?? ws.config.defaults.policy));
      const outDir = resolve(io.cwd, String(values.out ?? join(ws.stateDir, 'reports', runId)));
      const keyFile = typeof values.key === 'string' ? resolve(io.cwd, values.key) : join(ws.keysDir, PRIVATE_KEY_FILE);
      let signingKeyPem: string | undefined;
      if (!values['no-sign']) {
        if (existsSync(keyFile)) {
          loadPrivateKey(keyFile); // validates it is a P-256 private key, naming the file if not
          signingKeyPem = readFileSync(keyFile, 'utf8');
        } else if (typeof values.key === 'string') {
          throw new NotFoundError(`signing key not found: ${keyFile}`);
        } else if (!values.json) {
          io.err(`No signing key at ${keyFile}: writing an unsigned report (run 'canary-gate keys generate' to sign).`);
        }
      }
      const { evaluation, exported } = gateRun({
        store: ctx.store,
        workspaceRoot: ws.root,
        runId,
        policyFile,
        outDir,
        ...(signingKeyPem ? { signingKeyPem } : {}),
        allowIncomplete: Boolean(values['allow-incomplete']),
        ...(typeof values.workspace === 'string' ? { workspaceArg: values.workspace } : {}),
      });
      const { labels } = exported.report;
      if (values.json) {
        io.out(JSON.stringify({
          run_id: runId,
          verdict: evaluation.verdict,
          labels,
          ...(evaluation.incomplete ? { incomplete: evaluation.incomplete } : {}),
          gates: evaluation.gates,
          files: exported.files,
          report_sha256: exported.reportSha256,
        }));
      } else {
        io.out(gateTableText(evaluation, labels));
        const notes = reportNotesText(exported.report.notes);
        if (notes) io.out(notes);
        io.out(`\nReport: ${exported.files.report}\nSummary: ${exported.files.markdown}\nManifest: ${exported.files.manifest}${exported.files.envelope ? `\nSigned envelope: ${exported.files.envelope}` : ''}`);
      }
      return exitCodeForVerdict(evaluation.verdict);
    } finally {
      ctx.close();
    }
  },
};
