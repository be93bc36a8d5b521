/** The operating-characteristics table as Markdown, for the README. */

import type { OcBudget } from './compute-table.js';
import type { OcRow } from './table.js';

function pct(x: number | null): string {
  return x === null ? '—' : `${(100 * x).toFixed(1)} %`;
}

/** A Markdown table of the rows, with the budget they were simulated with. */
export function renderOcMarkdown(rows: readonly OcRow[], budget: OcBudget): string {
  const lines = [
    `Simulated with the default policy (one-sided 95 %, α = 5 %): ${budget.exact} runs per setting (${budget.bootstrap} for the bootstrap gates, ${budget.bootstrapReplicates} resamples each).`,
    '',
    '| gate | scenario | n | P(PASS \\| at margin) | P(FAIL \\| equal) | P(PASS \\| equal) | coverage (margin / equal) |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.family} | ${r.description} | ${r.n} | ${pct(r.passAtMargin)} | ${pct(r.failIfEqual)} | ${pct(r.passIfEqual)} | ${pct(r.coverageAtMargin)} / ${pct(r.coverageIfEqual)} |`,
    ),
  ];
  return lines.join('\n');
}
