// bench/replay: N cases × 2 arms replayed against the simulated endpoint (zero added latency), end to end
// (call + persist + score), against the same-run reference of a bare keep-alive HTTP client loop sending the
// same request bodies to the same endpoint with the same concurrency. The endpoint runs in its own process, and
// so does the replay (bench/replay-child), so the peak RSS is the replay's own.
//   npm run bench -- replay [--cases 20000] [--concurrency 32] [--rounds 3]
// The same replay's time varied by a fifth from run to run here, so each round runs a bare pass and then the
// replay (of a fresh copy of the prepared database: no results, an empty response cache), and each figure is the
// median of the rounds (the reference too); peak RSS is the largest of the rounds. Every round goes to stderr.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importCaptures } from '../engine/importers/import-captures.js';
import { writeGrownCapture } from './bench-capture.js';
import { buildChatRequest } from '../engine/replay/build-request.js';
import { prepareRun } from '../engine/replay/prepare-run.js';
import { openStore } from '../engine/store/index.js';
import { resolveTarget } from '../engine/targets/resolve-target.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';
import { emit, median } from './bench-output.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '32' }, rounds: { type: 'string', default: '3' } } });
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer, got ${values.rounds}`);

/** CG_BENCH_PROFILE=<dir> writes a CPU profile of the endpoint and of the replay (the two processes that matter). */
function profileFlags(name: string): string[] {
  const dir = process.env.CG_BENCH_PROFILE;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`] : [];
}

async function startSimChild(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [...profileFlags('sim'), fileURLToPath(new URL('./sim-child.js', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`sim exited with ${code}`)));
  });
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill('SIGTERM') };
}

/** The physical reference: send the same bodies over keep-alive HTTP, read each response, nothing else. */
async function bareClientLoop(url: string, bodies: readonly string[]): Promise<number> {
  const target = new URL(`${url}/chat/completions`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      await new Promise<void>((resolve, reject) => {
        const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.on('data', () => undefined);
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end(body);
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return bodies.length / ((performance.now() - started) / 1000);
}

const dir = mkdtempSync(join(tmpdir(), 'cg-bench-replay-'));
const sim = await startSimChild();
try {
  initWorkspace(dir);
  const ws = openWorkspace(dir);
  const store = openStore(ws.databaseFile);
  const captureFile = writeGrownCapture(dir, cases, 'b');
  await importCaptures([captureFile], store, { redact: false });
  const baseline = resolveTarget(ws.config, 'baseline', ws.configFile);
  const candidate = resolveTarget(ws.config, 'candidate', ws.configFile);
  const suiteFile = join(dir, ws.config.defaults.suite);
  const prepared = prepareRun(store, { suiteFile, suiteSource: 'bench', baseline, candidate, repeats: 1 });

  const bodies = store.suites.activeCases(prepared.run.suiteId).flatMap((c) => [
    JSON.stringify(buildChatRequest(c.evalCase, baseline.target)),
    JSON.stringify(buildChatRequest(c.evalCase, candidate.target)),
  ]);
  await bareClientLoop(sim.url, bodies.slice(0, Math.min(2000, bodies.length))); // warm up both processes
  store.close();
  // Every round replays the run from this state: the results and the response cache the replay fills are not kept.
  const pristine = join(dir, 'prepared.db');
  copyFileSync(ws.databaseFile, pristine);

  type ReplayResult = { calls: number; results: number; seconds: number; infraErrors: number; peakRssMb: number };
  const reference: number[] = [];
  const replays: ReplayResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    reference.push(await bareClientLoop(sim.url, bodies));
    for (const leftover of ['-wal', '-shm']) rmSync(`${ws.databaseFile}${leftover}`, { force: true });
    copyFileSync(pristine, ws.databaseFile);
    const child = spawnSync(process.execPath, [...profileFlags(`replay-${round}`), fileURLToPath(new URL('./replay-child.js', import.meta.url)), dir, prepared.run.id, sim.url, String(concurrency)], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`replay child failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as ReplayResult;
    if (r.infraErrors > 0) throw new Error(`${r.infraErrors} infra errors: the figures would not be comparable`);
    replays.push(r);
    process.stderr.write(`round ${round}/${rounds}: bare client ${Math.round(reference.at(-1)!)} calls/s, replay ${Math.round(r.calls / r.seconds)} calls/s, ${r.peakRssMb.toFixed(1)} MB\n`);
  }
  // Calls are HTTP calls (a tool conversation makes two); results are the stored (case, arm) rows.
  emit({ bench: 'replay', metric: 'calls_per_second_end_to_end', value: median(replays.map((r) => r.calls / r.seconds)), unit: 'calls/s', reference: median(reference) });
  emit({ bench: 'replay', metric: 'results_per_second_end_to_end', value: median(replays.map((r) => r.results / r.seconds)), unit: 'results/s' });
  emit({ bench: 'replay', metric: 'calls', value: replays[0]!.calls, unit: 'calls' });
  emit({ bench: 'replay', metric: 'peak_rss', value: Math.max(...replays.map((r) => r.peakRssMb)), unit: 'MB' });
  emit({ bench: 'replay', metric: 'bare_client_calls_per_second_slowest_round', value: Math.min(...reference), unit: 'calls/s' });
  emit({ bench: 'replay', metric: 'bare_client_calls_per_second_fastest_round', value: Math.max(...reference), unit: 'calls/s' });
} finally {
  sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
