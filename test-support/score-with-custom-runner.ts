// Child process for engine/custom-scorers/process-exit.test.ts: scores with a workspace's custom scorers, prints the
// scores as JSON on stdout, and does NOT close the runner: the process must still exit on its own.
import { openCustomScorerRunner } from '../engine/custom-scorers/open-runner.js';

const [root, ...scorers] = process.argv.slice(2);
const runner = openCustomScorerRunner(root!, { timeoutMs: 1000, workers: 1 });
const scores = await runner.scoreMany(
  scorers.map((scorer, i) => ({
    spec: { type: 'custom' as const, scorer },
    caseKey: `c${i}`,
    output: { text: 'fine', finishReason: 'stop', toolCalls: [] },
    input: { messages: [], documents: [] },
  })),
);
process.stdout.write(`${JSON.stringify(scores.map((s) => s.error ?? s.passed))}\n`);
