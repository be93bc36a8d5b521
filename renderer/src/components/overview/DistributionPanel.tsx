import type { Distribution, RunDistributions } from '../../../../shared/domain/run-overview.js';
import { ScrollTable } from '../ScrollTable.js';
import { linearScale, logScale, type Scale } from './scale.js';

const W = 640;
const HALF = 72;
const TOP = 18;
const AXIS = 22;
const H = TOP + 2 * HALF + AXIS + 6;
const LEFT = 12;
const RIGHT = W - 12;
const MARKERS = ['p50', 'p95', 'p99'] as const;
const ARMS = ['baseline', 'candidate'] as const;

/** "1840 ms"; no decimals, so the column aligns. */
export const formatMs = (v: number | null) => (v === null ? '—' : `${Math.round(v)} ms`);
/** Per-request cost with six decimals (cents of a cent matter at scale), totals with four. */
export const formatUsd = (v: number | null, digits = 6) => (v === null ? '—' : `$${v.toFixed(digits)}`);

function tickLabel(unit: Distribution['unit'], v: number): string {
  if (unit === 'usd') return `$${Number(v.toPrecision(3))}`;
  return v >= 1000 ? `${Number((v / 1000).toPrecision(3))} s` : `${Number(v.toPrecision(3))} ms`;
}

function xScale(d: Distribution): Scale | null {
  const lo = d.edges[0];
  const hi = d.edges[d.edges.length - 1];
  if (lo === undefined || hi === undefined || !(hi > lo)) return null;
  // The engine spaces latency bins logarithmically; drawing them on a log axis keeps the bars equally wide.
  return d.unit === 'ms' && lo > 0 ? logScale(lo, hi, LEFT, RIGHT) : linearScale([lo, hi], LEFT, RIGHT, 0);
}

/** The latency distributions of both arms as a mirrored histogram, with quantile markers and a table; then cost. */
export function DistributionPanel({ distributions }: { distributions: RunDistributions }) {
  const { latency, cost } = distributions;
  return (
    <section className="overview-card" aria-labelledby="dist-heading">
      <div className="card-head">
        <h2 id="dist-heading">Latency and cost</h2>
      </div>
      <div className="dist-grid">
        <div className="dist-chart">
          <h3>Latency per request</h3>
          <MirroredHistogram dist={latency} />
          <MarkerLegend />
          <QuantileTable dist={latency} />
        </div>
        <CostTable cost={cost} />
      </div>
    </section>
  );
}

/** What the marker lines mean: one dash pattern per quantile, the same in both arms. */
function MarkerLegend() {
  return (
    <p className="hist-legend" aria-hidden="true">
      <span>
        <span className="arm-swatch arm-baseline" /> baseline (above)
      </span>
      <span>
        <span className="arm-swatch arm-candidate" /> candidate (below)
      </span>
      {MARKERS.map((q) => (
        <span key={q}>
          <svg width="18" height="10" className="legend-line">
            <line className={`hist-marker hist-marker-${q}`} x1="0" x2="18" y1="5" y2="5" />
          </svg>{' '}
          {q}
        </span>
      ))}
    </p>
  );
}

function describeArm(d: Distribution, arm: (typeof ARMS)[number]): string {
  const a = d[arm];
  return `${arm} ${a.n} requests, p50 ${formatMs(a.p50)}, p95 ${formatMs(a.p95)}, p99 ${formatMs(a.p99)}`;
}

/** Baseline above the axis, candidate below it, on shared bins: a shift of the candidate shows as a lean. */
export function MirroredHistogram({ dist }: { dist: Distribution }) {
  const x = xScale(dist);
  const max = Math.max(0, ...dist.baseline.counts, ...dist.candidate.counts);
  if (!x || max === 0) {
    return (
      <p className="placeholder" data-testid="no-latency">
        No latency recorded in this run.
      </p>
    );
  }
  const mid = TOP + HALF;
  const h = (count: number) => (count / max) * (HALF - 4);
  return (
    <svg className="histogram" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Latency histogram. ${describeArm(dist, 'baseline')}; ${describeArm(dist, 'candidate')}.`} data-testid="latency-chart">
      {ARMS.map((arm) =>
        dist[arm].counts.map((count, i) => {
          if (count === 0) return null;
          const x0 = x(dist.edges[i]!);
          const x1 = x(dist.edges[i + 1]!);
          const height = h(count);
          return (
            <rect
              key={`${arm}-${i}`}
              className={`hist-bar hist-${arm}`}
              data-bin={i}
              data-count={count}
              x={x0 + 0.5}
              width={Math.max(1, x1 - x0 - 1)}
              y={arm === 'baseline' ? mid - height : mid}
              height={height}
            />
          );
        }),
      )}
      <line className="hist-axis" x1={LEFT} x2={RIGHT} y1={mid} y2={mid} />
      {ARMS.map((arm) =>
        MARKERS.map((q) => {
          const v = dist[arm][q];
          if (v === null) return null;
          const xv = x(v);
          const y0 = arm === 'baseline' ? TOP : mid;
          // Told apart by dash pattern (see the legend), not by a label that would sit on the bars.
          return <line key={`${arm}-${q}`} className={`hist-marker hist-marker-${q}`} data-marker={`${arm}-${q}`} data-x={xv.toFixed(1)} x1={xv} x2={xv} y1={y0} y2={y0 + HALF} />;
        }),
      )}
      <g className="hist-ticks">
        {x.ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},${mid + HALF})`}>
            <line y1={0} y2={5} />
            <text y={17} textAnchor="middle">
              {tickLabel(dist.unit, t)}
            </text>
          </g>
        ))}
      </g>
    </svg>
  );
}

function QuantileTable({ dist }: { dist: Distribution }) {
  return (
    <ScrollTable label="Latency quantiles">
      <table className="data-table quantile-table" data-testid="latency-quantiles">
        <caption className="sr-only">Latency quantiles per arm</caption>
        <thead>
          <tr>
            <th scope="col">Arm</th>
            <th scope="col" className="num">
              Requests
            </th>
            <th scope="col" className="num">
              p50
            </th>
            <th scope="col" className="num">
              p90
            </th>
            <th scope="col" className="num">
              p95
            </th>
            <th scope="col" className="num">
              p99
            </th>
            <th scope="col" className="num">
              Mean
            </th>
          </tr>
        </thead>
        <tbody>
          {ARMS.map((arm) => (
            <tr key={arm} data-arm={arm}>
              <th scope="row">
                <span className={`arm-swatch arm-${arm}`} aria-hidden="true" />
                {arm}
              </th>
              <td className="num">{dist[arm].n}</td>
              <td className="num" data-q="p50">
                {formatMs(dist[arm].p50)}
              </td>
              <td className="num" data-q="p90">
                {formatMs(dist[arm].p90)}
              </td>
              <td className="num" data-q="p95">
                {formatMs(dist[arm].p95)}
              </td>
              <td className="num" data-q="p99">
                {formatMs(dist[arm].p99)}
              </td>
              <td className="num" data-q="mean">
                {formatMs(dist[arm].mean)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}

function CostTable({ cost }: { cost: Distribution }) {
  const ratio = cost.baseline.mean && cost.candidate.mean !== null ? cost.candidate.mean / cost.baseline.mean : null;
  return (
    <div className="cost-block">
      <h3>Cost</h3>
      <ScrollTable label="Cost per arm">
        <table className="data-table cost-table" data-testid="cost-table">
          <caption className="sr-only">Cost per request and in total, per arm</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Priced requests
              </th>
              <th scope="col" className="num">
                Per request
              </th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {ARMS.map((arm) => (
              <tr key={arm} data-arm={arm}>
                <th scope="row">{arm}</th>
                <td className="num">{cost[arm].n}</td>
                <td className="num" data-col="mean">
                  {formatUsd(cost[arm].mean)}
                </td>
                <td className="num" data-col="total">
                  {formatUsd(cost[arm].total, 4)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      {ratio !== null && (
        <p className="muted cost-ratio" data-testid="cost-ratio">
          The candidate costs ×{ratio.toFixed(3)} the baseline per request.
        </p>
      )}
    </div>
  );
}
