import type { GateResult } from '../../../../shared/domain/gate-result.js';
import type { RunSlices } from '../../../../shared/domain/run-overview.js';
import { formatGateRow } from '../../../../shared/report/format-gate.js';
import { hrefOf } from '../../routing/use-route.js';
import { ScrollTable } from '../ScrollTable.js';
import { VerdictBadge } from '../VerdictBadge.js';
import { gateCasesRoute, sliceCasesRoute } from './gate-links.js';

const NO_SLICE = '(no slice)';

/**
 * Each slice gated on its own with the run's policy: cases, verdict, and every gate's estimate with its bounds.
 * A slice name opens its cases; a number opens the cases behind that gate in that slice.
 */
export function SliceTable({ runId, slices }: { runId: string; slices: RunSlices }) {
  const gateNames: { name: string; metric: string }[] = [];
  for (const s of slices.slices) for (const g of s.gates) if (!gateNames.some((x) => x.name === g.name)) gateNames.push({ name: g.name, metric: g.metric });
  return (
    <section className="overview-card" aria-labelledby="slices-heading">
      <div className="card-head">
        <h2 id="slices-heading">Slices</h2>
        {slices.policy && (
          <span className="muted card-note">
            each slice gated alone with <strong>{slices.policy.name}</strong>; small slices are rarely decisive
          </span>
        )}
      </div>
      {slices.slices.length === 0 ? (
        <p className="placeholder" data-testid="no-slices">
          No slices: the run’s cases carry no slice label.
        </p>
      ) : (
        <ScrollTable label="Slice table" pinFirst>
          <table className="data-table slice-table" data-testid="slice-table">
            <thead>
              <tr>
                <th scope="col">Slice</th>
                <th scope="col" className="num">
                  Cases
                </th>
                <th scope="col">Verdict</th>
                {gateNames.map((g) => (
                  <th key={g.name} scope="col" className="num" data-gate-col={g.metric}>
                    {g.name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {slices.slices.map((s) => (
                <tr key={s.slice ?? NO_SLICE} data-slice={s.slice ?? ''}>
                  <th scope="row" className="slice-name">
                    {s.slice === null ? (
                      <span className="muted" title="Cases without a slice label">
                        {NO_SLICE}
                      </span>
                    ) : (
                      <a href={hrefOf(sliceCasesRoute(runId, s.slice))}>{s.slice}</a>
                    )}
                  </th>
                  <td className="num" data-col="cases">
                    {s.cases}
                  </td>
                  <td data-col="verdict">
                    <VerdictBadge verdict={s.verdict} />
                  </td>
                  {gateNames.map((g) => (
                    <SliceGateCell key={g.name} runId={runId} slice={s.slice} gate={s.gates.find((x) => x.name === g.name)} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}

function SliceGateCell({ runId, slice, gate }: { runId: string; slice: string | null; gate: GateResult | undefined }) {
  if (!gate) {
    return (
      <td className="num muted" data-col="gate">
        —
      </td>
    );
  }
  if (gate.n === 0) {
    // Nothing in this slice to measure (e.g. no high-severity case): not a verdict worth a colour.
    return (
      <td className="num muted" data-col="gate" data-gate={gate.metric} title={gate.reason}>
        no cases
      </td>
    );
  }
  const text = formatGateRow(gate).delta;
  const verdict = gate.verdict.toLowerCase();
  return (
    <td className={`num slice-gate verdict-${verdict}`} data-col="gate" data-gate={gate.metric} title={gate.reason}>
      {slice === null ? <span className="slice-estimate">{text}</span> : <a className="slice-estimate" href={hrefOf(gateCasesRoute(runId, gate, slice))}>{text}</a>}
      <span className={`slice-verdict text-${verdict}`}>
        {gate.verdict} · n {gate.n}
      </span>
    </td>
  );
}
