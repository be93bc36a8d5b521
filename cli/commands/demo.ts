import { relative, resolve } from 'node:path';
import { runDemo } from '../../engine/demo/run-demo.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';
import { gateTableText, reportNotesText } from '../print-gates.js';
import { progressBar } from '../progress.js';
import { nonNegativeNumber } from './option-values.js';

/** `canary-gate demo`: the whole loop offline on the embedded simulated endpoints. */
export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run the whole loop offline on the SIMULATED endpoints: import, replay, score, gate, sign (exit 0 when the loop completed)',
  usage: 'demo [--out <dir>] [--strict]',
  options: {
    out: { type: 'string', default: 'canary-gate-demo' },
    strict: { type: 'boolean', default: false },
    'sim-time-scale': { type: 'string', default: '0.05' },
  },
  async run({ values }, io) {
    const quiet = Boolean(values.json);
    const bar = progressBar('replay', io.isTty && !quiet);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const scale = nonNegativeNumber(values['sim-time-scale'], 'sim-time-scale');
      const result = await runDemo({
        outDir: resolve(io.cwd, String(values.out)),
        simTimeScale: scale,
        signal: abort.signal,
        onStep: (step, detail) => {
          if (step === 'replay') bar.finish();
          if (!quiet) io.err(`[${step}] ${detail}`);
        },
        onProgress: (d, t) => bar.update(d, t),
      });
      bar.finish();
      const rel = (p: string) => relative(io.cwd, p) || '.';
      const f = result.exported.files;
      if (quiet) {
        io.out(JSON.stringify({ verdict: result.evaluation.verdict, run_id: result.runId, out_dir: result.outDir, files: { ...f, public_key: result.publicKeyFile }, gates: result.evaluation.gates }));
      } else {
        io.out('\nCanary Gate demo — SIMULATED models (sim-baseline vs sim-candidate), offline\n');
        io.out(gateTableText(result.evaluation));
        // The header already says the models are simulated.
        const notes = reportNotesText(result.exported.report.notes.filter((n) => !n.startsWith('SIMULATED')));
        if (notes) io.out(notes);
        io.out(`\nWritten to ${rel(result.outDir)}/:\n  ${rel(f.report)}  ${rel(f.markdown)}  ${rel(f.manifest)}\n  ${rel(f.envelope ?? '')}  ${rel(result.publicKeyFile)}`);
        io.out('\nTry next:');
        io.out(`  npx canary-gate verify ${rel(f.envelope ?? '')} --key ${rel(result.publicKeyFile)}`);
        io.out(`  npx canary-gate serve --workspace ${rel(result.outDir)}     # the gate table in your browser`);
        io.out(`  npx canary-gate gate --workspace ${rel(result.outDir)}      # CI form: exit code = verdict`);
        if (result.evaluation.verdict !== 'PASS') io.out(`\nThe candidate did not pass — that is the demo working: the gates caught its regressions. (--strict makes the demo exit with the gate's code.)`);
      }
      if (values.strict) return result.evaluation.verdict === 'PASS' ? EXIT.ok : result.evaluation.verdict === 'FAIL' ? EXIT.fail : EXIT.inconclusive;
      return EXIT.ok;
    } catch (err) {
      if ((err as Error).message === 'interrupted') {
        io.err('Interrupted — run the demo again to resume where it stopped.');
        return EXIT.infra;
      }
      throw err;
    } finally {
      process.off('SIGINT', onSignal);
    }
  },
};
