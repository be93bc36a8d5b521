// bench/replay: N cases × 2 arms replayed against the simulated endpoint (zero added latency), end to end
// (call + persist + score), against the same-run reference of a bare keep-alive HTTP client loop sending the
// same request bodies to the same endpoint with the same concurrency. The endpoint runs in its own process, and
// so does the replay (bench/replay-child), so the peak RSS is the replay's own.
//   npm run bench -- replay [--cases 20000] [--concurrency 32]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importCaptures } from '../engine/importers/import-captures.js';
import { packageRoot } from '../engine/package-root.js';
import { buildChatRequest } from '../engine/replay/build-request.js';
import { prepareRun } from '../engine/replay/prepare-run.js';
import { openStore } from '../engine/store/index.js';
import { resolveTarget } from '../engine/targets/resolve-target.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';
import { emit } from './bench-output.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '32' } } });
const cases = Number(values.cases);
const concurrency = Number(values.concurrency);

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
  // Grow the shipped capture to N distinct samples (a counter in the last user turn keeps fingerprints apart).
  const lines = readFileSync(join(packageRoot(), 'fixtures/traffic/support-bot-capture.jsonl'), 'utf8').trim().split('\n');
  const out: string[] = [];
  for (let i = 0; i < cases; i++) {
    const s = JSON.parse(lines[i % lines.length]!);
    s.id = `${s.id}-b${i}`;
    const last = s.request.messages.filter((m: { role: string }) => m.role === 'user').at(-1);
    if (last && typeof last.content === 'string') last.content += ` (ticket ${i})`;
    out.push(JSON.stringify(s));
  }
  const captureFile = join(dir, 'capture.jsonl');
  writeFileSync(captureFile, `${out.join('\n')}\n`);
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
  // The median of three passes: one pass of the bare loop varied by more than a third from run to run here.
  const passes: number[] = [];
  for (let i = 0; i < 3; i++) passes.push(await bareClientLoop(sim.url, bodies));
  const reference = passes.sort((a, b) => a - b)[1]!;

  store.close();
  const child = spawnSync(process.execPath, [...profileFlags('replay'), fileURLToPath(new URL('./replay-child.js', import.meta.url)), dir, prepared.run.id, sim.url, String(concurrency)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`replay child failed: ${child.stderr}`);
  const r = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { calls: number; results: number; seconds: number; infraErrors: number; peakRssMb: number };
  if (r.infraErrors > 0) throw new Error(`${r.infraErrors} infra errors: the figures would not be comparable`);
  // Calls are HTTP calls (a tool conversation makes two); results are the stored (case, arm) rows.
  emit({ bench: 'replay', metric: 'calls_per_second_end_to_end', value: r.calls / r.seconds, unit: 'calls/s', reference });
  emit({ bench: 'replay', metric: 'results_per_second_end_to_end', value: r.results / r.seconds, unit: 'results/s' });
  emit({ bench: 'replay', metric: 'calls', value: r.calls, unit: 'calls' });
  emit({ bench: 'replay', metric: 'peak_rss', value: r.peakRssMb, unit: 'MB' });
  emit({ bench: 'replay', metric: 'bare_client_calls_per_second_slowest_pass', value: passes[0]!, unit: 'calls/s' });
  emit({ bench: 'replay', metric: 'bare_client_calls_per_second_fastest_pass', value: passes[2]!, unit: 'calls/s' });
} finally {
  sim.stop();
  rmSync(dir, { recursive: true, force: true });
}
