// The replay of bench/replay in a process of its own, so its peak RSS is the replay's, not the bench's inputs.
//   node dist/bench/replay-child.js <workspace> <run-id> <sim-url> <concurrency>
import { performance } from 'node:perf_hooks';
import { executeReplay } from '../engine/replay/execute-replay.js';
import { openStore } from '../engine/store/index.js';
import { resolveTarget } from '../engine/targets/resolve-target.js';
import { openWorkspace } from '../engine/workspace.js';
import { peakRssMb } from './bench-output.js';

const [dir, runId, simUrl, concurrencyArg] = process.argv.slice(2);
const ws = openWorkspace(dir!);
const store = openStore(ws.databaseFile);
const targets = { baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) };
const started = performance.now();
const outcome = await executeReplay(store, ws, runId!, targets, { concurrency: Number(concurrencyArg), simUrl: simUrl! });
const seconds = (performance.now() - started) / 1000;
store.close();
process.stdout.write(`${JSON.stringify({ calls: outcome.called, results: outcome.total, seconds, scored: outcome.scored.results, infraErrors: outcome.infraErrors, peakRssMb: peakRssMb() })}\n`);
