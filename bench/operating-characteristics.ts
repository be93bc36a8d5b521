// bench/operating-characteristics: the gates' error rates by seeded simulation, larger than the CI suite
// (shared/gates/operating-characteristics). Each figure's reference is the nominal rate it must not exceed (α = 0.05
// for a false PASS at the margin and a false FAIL when equal) or reach (coverage 0.90 of the two-sided interval).
//   npm run bench -- operating-characteristics [--replicates 10000] [--bootstrap 2000] [--resamples 2000]
import { parseArgs } from 'node:util';
import { computeOcTable } from '../shared/gates/operating-characteristics/compute-table.js';
import { emit } from './bench-output.js';

const { values } = parseArgs({ options: { replicates: { type: 'string', default: '10000' }, bootstrap: { type: 'string', default: '2000' }, resamples: { type: 'string', default: '2000' } } });
const budget = { exact: Number(values.replicates), bootstrap: Number(values.bootstrap), bootstrapReplicates: Number(values.resamples) };
const bench = 'operating-characteristics';
const started = Date.now();
computeOcTable(budget, (row, i, total) => {
  process.stderr.write(`[${i + 1}/${total}] ${row.scenario} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  emit({ bench, metric: `${row.scenario} P(PASS|margin)`, value: row.passAtMargin, unit: 'fraction', reference: 0.05 });
  emit({ bench, metric: `${row.scenario} P(FAIL|equal)`, value: row.failIfEqual, unit: 'fraction', reference: 0.05 });
  emit({ bench, metric: `${row.scenario} P(PASS|equal)`, value: row.passIfEqual, unit: 'fraction' });
  if (row.coverageAtMargin !== null) emit({ bench, metric: `${row.scenario} coverage|margin`, value: row.coverageAtMargin, unit: 'fraction', reference: 0.9 });
  if (row.coverageIfEqual !== null) emit({ bench, metric: `${row.scenario} coverage|equal`, value: row.coverageIfEqual, unit: 'fraction', reference: 0.9 });
});
