import { Fragment, type ReactNode } from 'react';
import type { GateDrilldown } from '../../../../shared/domain/case-review.js';
import type { GateResult } from '../../../../shared/domain/gate-result.js';
import { gateSlices } from '../../../../shared/gates/gate-slices.js';
import { hrefOf } from '../../routing/use-route.js';
import { excludedCasesRoute } from './gate-links.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Why a gate's n is not the run's number of cases (a slice gate's: its slices' cases): the cases its estimate left
 * out (infra errors, unreplayable tool calls, a missing arm, or a metric that does not apply), each linked to those
 * cases where the list can filter them.
 */
export function GateExclusions({ runId, runCases, gate, drilldown }: { runId: string; runCases: number; gate: GateResult; drilldown: GateDrilldown | undefined }) {
  if (!drilldown) return null;
  const ex = drilldown.excluded;
  const total = ex.infra_error.count + ex.unreplayable.count + ex.missing_arm + ex.not_applicable;
  if (total === 0) return null;
  // The drill-down counts a slice gate's cases only: n is out of those, not out of the run.
  const sliceCases = typeof gate.details.slice_cases === 'number' ? gate.details.slice_cases : null;
  const slices = gateSlices(gate.details);
  const outOf =
    sliceCases !== null && slices !== null
      ? `${plural(sliceCases, 'case', 'cases')} in ${slices.length === 1 ? 'slice' : 'slices'} ${slices.join(', ')}`
      : plural(runCases, 'case', 'cases');
  const parts: ReactNode[] = [];
  if (ex.infra_error.count > 0) {
    parts.push(
      <a key="infra" href={hrefOf(excludedCasesRoute(runId, gate, 'infra'))} data-testid="excluded-infra">
        {plural(ex.infra_error.count, 'infra error', 'infra errors')}
      </a>,
    );
  }
  if (ex.unreplayable.count > 0) {
    parts.push(
      <a key="unreplayable" href={hrefOf(excludedCasesRoute(runId, gate, 'unreplayable'))} data-testid="excluded-unreplayable">
        {plural(ex.unreplayable.count, 'unreplayable tool call', 'unreplayable tool calls')}
      </a>,
    );
  }
  if (ex.missing_arm > 0) parts.push(<span key="missing">{plural(ex.missing_arm, 'case missing an arm', 'cases missing an arm')}</span>);
  if (ex.not_applicable > 0) parts.push(<span key="na">{plural(ex.not_applicable, 'case the metric does not apply to', 'cases the metric does not apply to')}</span>);
  return (
    <p className="gate-excluded" data-testid="gate-exclusions">
      <span className="gate-excluded-head">
        n = {drilldown.used} of {outOf}; left out:
      </span>{' '}
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && ' · '}
          {p}
        </Fragment>
      ))}
      {parts.length > 1 && (
        <>
          {' · '}
          <a href={hrefOf(excludedCasesRoute(runId, gate, 'all'))}>all {total}</a>
        </>
      )}
    </p>
  );
}
