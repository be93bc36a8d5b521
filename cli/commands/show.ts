import type { Distribution, RunDistributions, RunSlices, TargetDiff } from '../../shared/domain/run-overview.js';
import { formatGateRow } from '../../shared/report/format-gate.js';
import { NotFoundError } from '../../engine/errors.js';
import { runDistributions } from '../../engine/runs/distributions.js';
import { runSlices } from '../../engine/runs/slice-results.js';
import { runTargetDiff } from '../../engine/runs/target-diff.js';
import { unknownRunError } from '../../engine/runs/unknown-run.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { printable } from '../printable.js';
import { renderTable } from '../table.js';

/** The longest a target field is shown in the diff table; --json has the whole text. */
const CELL_WIDTH = 60;

const cell = (text: string) => {
  const safe = printable(text);
  return [...safe].length > CELL_WIDTH ? `${[...safe].slice(0, CELL_WIDTH - 1).join('')}…` : safe;
};

/** The target diff: both sides' names, models and fingerprints, then each changed field. */
export function targetDiffText(d: TargetDiff): string {
  const side = (label: string, s: TargetDiff['baseline']) => `${label}: ${printable(s.name)} · ${printable(s.provider)} ${printable(s.model)} · ${s.fingerprint}`;
  const head = ['Target diff', side('  baseline ', d.baseline), side('  candidate', d.candidate)].join('\n');
  if (d.identical) return `${head}\n  identical targets (same fingerprint): an A/A run`;
  if (d.changed.length === 0) return `${head}\n  no field shown here differs (the fingerprints do)`;
  return `${head}\n\n${renderTable(['Field', 'Baseline', 'Candidate'], d.changed.map((c) => [cell(c.field), cell(c.baseline), cell(c.candidate)]))}`;
}

/** Each slice's verdict, then its gates as the gate table shows them (same formatter). */
export function slicesText(s: RunSlices): string {
  if (s.policy === null) return `Slices: none — ${s.reason ?? 'no policy'}`;
  const rows: string[][] = [];
  for (const slice of s.slices) {
    const name = slice.slice === null ? '(no slice)' : printable(slice.slice);
    slice.gates.forEach((g, i) => {
      const r = formatGateRow(g);
      rows.push([i === 0 ? `${name} · ${slice.cases} cases · ${slice.verdict}` : '', r.gate, r.delta, r.threshold, r.n, r.verdict]);
    });
  }
  const table = renderTable(['Slice', 'Gate', 'Regression (one-sided bounds)', 'Allowed', 'n', 'Verdict'], rows);
  return `Slices (policy ${printable(s.policy.name)}, each gated on its own)\n\n${table}`;
}

const ms = (x: number | null) => (x === null ? '—' : `${Math.round(x)} ms`);
const usd = (x: number | null) => (x === null ? '—' : `$${x.toFixed(6)}`);

const seconds = (x: number | null) => (x === null ? '—' : `${(x / 1000).toFixed(1)} s`);

function armRows(d: Distribution, fmt: (x: number | null) => string, total: (x: number | null) => string): string[][] {
  return (['baseline', 'candidate'] as const).map((arm) => {
    const a = d[arm];
    return [arm, String(a.n), fmt(a.p50), fmt(a.p90), fmt(a.p95), fmt(a.p99), fmt(a.mean), total(a.total)];
  });
}

/** Latency and cost quantiles per arm. */
export function distributionsText(d: RunDistributions): string {
  const headers = ['Arm', 'n', 'p50', 'p90', 'p95', 'p99', 'Mean', 'Total'];
  return `Latency (answered attempts)\n\n${renderTable(headers, armRows(d.latency, ms, seconds))}\n\nCost\n\n${renderTable(headers, armRows(d.cost, usd, usd))}`;
}

/** `canary-gate show`: a run's overview in the terminal — the same engine functions as the app's run overview. */
export const showCommand: Command = {
  name: 'show',
  summary: "Show a run's overview: what changed between the targets, each slice gated on its own, latency and cost per arm",
  usage: 'show [--run <id>] [--diff] [--slices] [--latency] [--json]   (no part named: all three)',
  options: {
    run: { type: 'string' },
    slices: { type: 'boolean', default: false },
    diff: { type: 'boolean', default: false },
    latency: { type: 'boolean', default: false },
  },
  async run({ values }, io) {
    const ctx = openContext(values, io);
    try {
      const runId = typeof values.run === 'string' ? values.run : ctx.store.runs.list(1, 0).runs[0]?.id;
      if (!runId) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
      if (!ctx.store.runs.get(runId)) throw unknownRunError(ctx.store, runId);
      const all = !values.slices && !values.diff && !values.latency;
      const diff = all || values.diff ? runTargetDiff(ctx.store, runId) : undefined;
      const slices = all || values.slices ? await runSlices(ctx.store, ctx.workspace, runId) : undefined;
      const distributions = all || values.latency ? runDistributions(ctx.store, runId) : undefined;
      if (values.json) {
        io.out(JSON.stringify({ run_id: runId, ...(diff ? { target_diff: diff } : {}), ...(slices ? { slices } : {}), ...(distributions ? { distributions } : {}) }));
        return 0;
      }
      const parts = [`Run ${runId}`];
      if (diff) parts.push(targetDiffText(diff));
      if (slices) parts.push(slicesText(slices));
      if (distributions) parts.push(distributionsText(distributions));
      io.out(parts.join('\n\n'));
      return 0;
    } finally {
      ctx.close();
    }
  },
};
