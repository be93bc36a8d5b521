import type { MouseEvent } from 'react';
import type { GateDrilldown } from '../../../../shared/domain/case-review.js';
import type { GateEvaluation, GateResult } from '../../../../shared/domain/gate-result.js';
import { formatArmValues, formatGateRow, gateEvidenceNotes } from '../../../../shared/report/format-gate.js';
import { shortDigest } from '../../format.js';
import { hrefOf, navigate } from '../../routing/use-route.js';
import { IncompleteLabel } from '../RunLabels.js';
import { ScrollTable } from '../ScrollTable.js';
import { VerdictBadge } from '../VerdictBadge.js';
import { GateExclusions } from './GateExclusions.js';
import { gateCasesRoute } from './gate-links.js';
import { axisValues, gateValueLabel, groupByUnit, UNIT_AXES, type GateUnit } from './gate-values.js';
import { linearScale, type Scale } from './scale.js';

/** Width of the plot column's drawing, in CSS pixels (the SVG scales with its cell below this). */
export const PLOT_WIDTH = 220;
const PLOT_PAD = 10;
const ROW_H = 26;

export interface GateForestProps {
  runId: string;
  runCases: number;
  evaluation: GateEvaluation;
  drilldowns: Readonly<Record<string, GateDrilldown>>;
}

/**
 * The gate table as a forest plot: each gate's one-sided interval and estimate drawn against its allowance, on
 * one axis per unit. The numbers stay in the table as text; the drawing is decoration for sighted readers.
 */
export function GateForest({ runId, runCases, evaluation, drilldowns }: GateForestProps) {
  const { policy } = evaluation;
  const groups = groupByUnit(evaluation.gates);
  return (
    <section className="overview-card gate-card" aria-labelledby="gates-heading">
      <div className="card-head gate-summary">
        <h2 id="gates-heading">Gates</h2>
        <div className="overall">
          <span className="label">Overall verdict</span>
          <VerdictBadge verdict={evaluation.verdict} testId="overall-verdict" />
          {evaluation.incomplete && <IncompleteLabel incomplete={evaluation.incomplete} />}
        </div>
        <div className="policy" data-testid="policy">
          <span className="label">Policy</span>
          <strong className="policy-name">{policy.name}</strong>
          <code className="digest" title={policy.digest}>
            {shortDigest(policy.digest)}
          </code>
          <span className="policy-rule">
            one-sided {Math.round(policy.confidence * 1000) / 10}% bounds · {policy.decision} rule
          </span>
        </div>
      </div>
      {evaluation.incomplete && (
        <p className="incomplete-note" role="note" data-testid="incomplete-note">
          <strong>INCOMPLETE RUN</strong> — gated while {evaluation.incomplete.missing_calls} of {evaluation.incomplete.expected_calls} calls ({evaluation.incomplete.cases} cases × 2 arms ×{' '}
          {evaluation.incomplete.repeats}) had no result (run {evaluation.incomplete.status}). A partial run is a biased sample, so no gate of it is PASS. Complete it with{' '}
          <code>{evaluation.incomplete.resume}</code> and gate again.
        </p>
      )}
      <ForestLegend />
      <ScrollTable label="Gate table" pinFirst>
        <table className="gate-table forest-table" data-testid="gate-table">
          <caption className="sr-only">
            Each gate: baseline and candidate values, the regression with its one-sided bounds, what the policy allows, the cases used and the verdict. Open a gate to list the
            cases behind it.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="col-gate">
                Gate
              </th>
              <th scope="col" className="col-baseline num">
                Baseline
              </th>
              <th scope="col" className="col-candidate num">
                Candidate
              </th>
              <th scope="col" className="col-delta num">
                Regression <span className="th-sub">one-sided bounds</span>
              </th>
              <th scope="col" className="col-threshold num">
                Allowed
              </th>
              <th scope="col" className="col-plot">
                Interval vs allowance
              </th>
              <th scope="col" className="col-n num">
                n
              </th>
              <th scope="col" className="col-verdict">
                Verdict
              </th>
            </tr>
          </thead>
          {groups.map((group) => {
            const scale = linearScale(axisValues(group.unit, group.gates), PLOT_PAD, PLOT_WIDTH - PLOT_PAD);
            return (
              <tbody key={group.unit} data-unit={group.unit}>
                <tr className="axis-row">
                  {/* The title stays in the pinned first column: a sticky cell spanning columns would slide over the axis. */}
                  <th scope="colgroup" className="axis-title">
                    {UNIT_AXES[group.unit].title}
                  </th>
                  <td colSpan={4} />
                  <td className="col-plot">
                    <AxisSvg unit={group.unit} scale={scale} />
                  </td>
                  <td colSpan={2} />
                </tr>
                {group.gates.map((gate) => (
                  <GateRow key={gate.name} runId={runId} runCases={runCases} gate={gate} scale={scale} drilldown={drilldowns[gate.name]} />
                ))}
              </tbody>
            );
          })}
        </table>
      </ScrollTable>
    </section>
  );
}

/** "+8.35 pts [+5.95, +10.99]" as the estimate and its bounds on two lines, so the column stays narrow. */
function TwoLineDelta({ text }: { text: string }) {
  const at = text.indexOf(' [');
  if (at < 0) return <span className="value">{text}</span>;
  return (
    <>
      <span className="value">{text.slice(0, at)}</span> <span className="value bounds">{text.slice(at + 1)}</span>
    </>
  );
}

/** Clicks on the row (outside its own links and controls) open the gate's cases, like its name link. */
function onRowClick(e: MouseEvent<HTMLTableRowElement>, href: ReturnType<typeof gateCasesRoute>) {
  const target = e.target as HTMLElement;
  if (target.closest('a, button, summary, details')) return;
  navigate(href);
}

function GateRow({ runId, runCases, gate, scale, drilldown }: { runId: string; runCases: number; gate: GateResult; scale: Scale; drilldown: GateDrilldown | undefined }) {
  const row = formatGateRow(gate);
  const arms = formatArmValues(gate);
  const route = gateCasesRoute(runId, gate);
  const label = gateValueLabel(gate);
  return (
    <tr data-gate={gate.metric} data-gate-name={gate.name} className={`gate-row verdict-${gate.verdict.toLowerCase()}`} onClick={(e) => onRowClick(e, route)}>
      <th scope="row" data-col="gate" className="col-gate">
        <a className="gate-name" href={hrefOf(route)} title={`List the cases behind “${gate.name}”`}>
          {row.gate}
        </a>
        {/* The verdict column scrolls out of view on narrow windows; the pinned column repeats it there (visually only). */}
        <span className="gate-verdict-inline" aria-hidden="true">
          <VerdictBadge verdict={row.verdict} />
        </span>
        <span className="gate-reason">
          {gate.reason}
          {gate.verdict === 'INCONCLUSIVE' && gate.samples_needed !== null && ` · ≈${gate.samples_needed} cases would decide it`}
        </span>
        <GateExclusions runId={runId} runCases={runCases} gate={gate} drilldown={drilldown} />
        <GateEvidence notes={gateEvidenceNotes(gate)} />
      </th>
      <td data-col="baseline" className="num">
        <span className="value">{arms.baseline}</span>
        <span className="value-label">{label}</span>
      </td>
      <td data-col="candidate" className="num">
        <span className="value">{arms.candidate}</span>
        <span className="value-label">{label}</span>
      </td>
      <td data-col="delta" className="num">
        <TwoLineDelta text={row.delta} />
      </td>
      <td data-col="threshold" className="num">
        {row.threshold}
      </td>
      <td data-col="plot" className="col-plot">
        <IntervalSvg gate={gate} scale={scale} />
      </td>
      <td data-col="n" className="num">
        {row.n}
      </td>
      <td data-col="verdict">
        <VerdictBadge verdict={row.verdict} />
      </td>
    </tr>
  );
}

function AxisSvg({ unit, scale }: { unit: GateUnit; scale: Scale }) {
  const ticks = unit === 'count' ? scale.ticks.filter((t) => Number.isInteger(t)) : scale.ticks;
  return (
    <svg className="forest-axis" viewBox={`0 0 ${PLOT_WIDTH} 30`} width={PLOT_WIDTH} height={30} aria-hidden="true" focusable="false">
      <line className="axis-line" x1={PLOT_PAD} x2={PLOT_WIDTH - PLOT_PAD} y1={28} y2={28} />
      {ticks.map((t) => (
        <g key={t} transform={`translate(${scale(t)},0)`}>
          <line className="axis-tick" y1={23} y2={28} />
          <text className="axis-label" y={18} textAnchor="middle">
            {UNIT_AXES[unit].tick(t)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** One gate's drawing: the no-change line, the allowance with the zone beyond it, the interval and the estimate. */
function IntervalSvg({ gate, scale }: { gate: GateResult; scale: Scale }) {
  const mid = ROW_H / 2;
  const reference = UNIT_AXES[gate.unit].reference;
  const allowance = scale(gate.threshold);
  const right = PLOT_WIDTH - PLOT_PAD;
  const lo = gate.lower ?? gate.estimate;
  const hi = gate.upper ?? gate.estimate;
  const verdict = gate.verdict.toLowerCase();
  return (
    <svg className={`forest-row verdict-${verdict}`} viewBox={`0 0 ${PLOT_WIDTH} ${ROW_H}`} width={PLOT_WIDTH} height={ROW_H} aria-hidden="true" focusable="false">
      <rect className="forest-worse-zone" x={Math.min(allowance, right)} y={2} width={Math.max(0, right - allowance)} height={ROW_H - 4} />
      <line className="forest-reference" x1={scale(reference)} x2={scale(reference)} y1={2} y2={ROW_H - 2} />
      <line className="forest-allowance" data-value={gate.threshold} x1={allowance} x2={allowance} y1={1} y2={ROW_H - 1} />
      {lo !== null && hi !== null && <line className="forest-interval" data-lower={lo} data-upper={hi} x1={scale(lo)} x2={scale(hi)} y1={mid} y2={mid} />}
      {gate.estimate !== null && (
        <rect
          className="forest-estimate"
          data-value={gate.estimate}
          x={scale(gate.estimate) - 4.5}
          y={mid - 4.5}
          width={9}
          height={9}
          transform={`rotate(45 ${scale(gate.estimate)} ${mid})`}
        />
      )}
    </svg>
  );
}

/** The marks of the drawing, for sighted readers (the table says the same in words). */
function ForestLegend() {
  return (
    <p className="forest-legend" aria-hidden="true">
      <span>
        <svg width="14" height="12">
          <rect className="forest-estimate legend-mark" x="3" y="2" width="7" height="7" transform="rotate(45 6.5 5.5)" />
        </svg>
        estimate
      </span>
      <span>
        <svg width="20" height="12">
          <line className="forest-interval legend-mark" x1="2" x2="18" y1="6" y2="6" />
        </svg>
        one-sided bounds
      </span>
      <span>
        <svg width="10" height="12">
          <line className="forest-allowance" x1="5" x2="5" y1="0" y2="12" />
        </svg>
        allowance, <span className="legend-zone" /> worse than allowed
      </span>
      <span>
        <svg width="10" height="12">
          <line className="forest-reference" x1="5" x2="5" y1="0" y2="12" />
        </svg>
        no change
      </span>
    </p>
  );
}

/** What a verdict is worth: the method's simulated error rates, the point rule's, the plan behind "cases needed". */
function GateEvidence({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <details className="gate-evidence">
      <summary>Error rates</summary>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </details>
  );
}
