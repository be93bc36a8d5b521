// `npm run bench -- case-views [cases]`: the engine behind the case list, detail and gate drill-down on a run of
// `cases` cases × 2 arms (default 100,000): how long the index takes to build, and each filtered, faceted page after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { caseIndexReady, gateDrilldown, getCaseDetail, listCases, type CaseListQuery } from '../engine/cases/index.js';
import { openStore } from '../engine/store/index.js';
import { buildBigRunWorkspace } from '../test-support/big-run.js';
import { emit, median } from './bench-output.js';

const cases = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'canary-gate-bench-cases-'));
try {
  const big = buildBigRunWorkspace(dir, { cases });
  emit({ bench: 'case-views', metric: `workspace build (${cases} cases)`, value: big.buildMs, unit: 'ms' });
  const store = openStore(big.databaseFile);
  const page = (filter: CaseListQuery['filter'], sort: CaseListQuery['sort'] = 'suite', offset = 0): CaseListQuery => ({ runId: big.runId, filter, sort, offset, limit: 100 });
  // Wall time, and CPU time beside it: on a shared machine the CPU time is what the code costs.
  let lastCpu = 0;
  const time = (f: () => unknown) => {
    const t = performance.now();
    const cpu = process.cpuUsage();
    f();
    const used = process.cpuUsage(cpu);
    lastCpu = (used.user + used.system) / 1000;
    return performance.now() - t;
  };
  emit({ bench: 'case-views', metric: 'index build (first cases.list)', value: time(() => listCases(store, page({}))), unit: 'ms' });
  emit({ bench: 'case-views', metric: 'index build (first cases.list), CPU', value: lastCpu, unit: 'ms' });
  // The same build on a worker thread, as serve and the desktop engine do for large runs (caseIndexReady), on a
  // second connection: its wall time, and the longest the calling thread's event loop was held meanwhile.
  const threaded = openStore(big.databaseFile);
  try {
    const held = monitorEventLoopDelay({ resolution: 5 });
    held.enable();
    const t0 = performance.now();
    await caseIndexReady(threaded, big.databaseFile, big.runId);
    const wall = performance.now() - t0;
    held.disable();
    emit({ bench: 'case-views', metric: 'index build on a worker thread (caseIndexReady)', value: wall, unit: 'ms' });
    emit({ bench: 'case-views', metric: 'longest event-loop delay during the worker build', value: held.max / 1e6, unit: 'ms' });
  } finally {
    threaded.close();
  }
  const queries: [string, CaseListQuery][] = [
    ['page, no filter', page({})],
    ['slice filter', page({ slice: 'refunds' })],
    ['slice + tag + severity', page({ slice: 'billing', tag: 'vip', severity: 'high' })],
    ['gate regressions', page({ gate: 'Core task success', change: 'regression' })],
    ['gate exclusions', page({ gate: 'Citation validity', membership: 'excluded' })],
    ['failed expectation + category', page({ failed: 'cites sources', category: 'citation_validity' })],
    ['regressions_first sort, page 50', page({ gate: 'High-severity policy failures' }, 'regressions_first', 5000)],
    ['latency_ratio sort', page({ slice: 'shipping' }, 'latency_ratio')],
  ];
  for (const [name, q] of queries) {
    const cpu: number[] = [];
    const runs = Array.from({ length: 7 }, () => {
      const wall = time(() => listCases(store, q));
      cpu.push(lastCpu);
      return wall;
    });
    emit({ bench: 'case-views', metric: `cases.list ${name} (median of 7)`, value: median(runs), unit: 'ms' });
    emit({ bench: 'case-views', metric: `cases.list ${name} (median of 7), CPU`, value: median(cpu), unit: 'ms' });
  }
  emit({ bench: 'case-views', metric: 'first search (builds the FTS index)', value: time(() => listCases(store, page({ q: 'refund' }))), unit: 'ms' });
  emit({ bench: 'case-views', metric: 'first search (builds the FTS index), CPU', value: lastCpu, unit: 'ms' });
  for (const q of ['parcel', 'hunter2 admin', '"admin password"', 'deliv*', 'Question 4242']) {
    emit({ bench: 'case-views', metric: `cases.list search ${q} (first time)`, value: time(() => listCases(store, page({ q, slice: 'safety' }))), unit: 'ms' });
  }
  emit({ bench: 'case-views', metric: 'gates.drilldown P95 latency', value: median(Array.from({ length: 5 }, () => time(() => gateDrilldown(store, big.runId, 'P95 latency')))), unit: 'ms' });
  emit({ bench: 'case-views', metric: 'cases.get', value: median(Array.from({ length: 5 }, (_, k) => time(() => getCaseDetail(store, big.runId, `case-${String(k * 997).padStart(6, '0')}`)))), unit: 'ms' });
  emit({ bench: 'case-views', metric: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MB' });
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
