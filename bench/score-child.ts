// The re-scoring of bench/score in a process of its own, so its peak RSS is the scoring's, not the seeding's.
//   node dist/bench/score-child.js <database> <run-id>
import { performance } from 'node:perf_hooks';
import { scoreRun } from '../engine/scoring/score-run.js';
import { openStore } from '../engine/store/index.js';
import { peakRssMb } from './bench-output.js';

const [file, runId] = process.argv.slice(2);
const store = openStore(file!);
const started = performance.now();
const cpu = process.cpuUsage();
const totals = await scoreRun(store, runId!);
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
const cpuSeconds = (used.user + used.system) / 1e6;
store.close();
process.stdout.write(`${JSON.stringify({ results: totals.results, scores: totals.scores, failed: totals.failed, errors: totals.errors, seconds, cpuSeconds, peakRssMb: peakRssMb() })}\n`);
