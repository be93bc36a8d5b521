import type { GateResult } from '../../../../shared/domain/gate-result.js';

export { gateValueLabel } from '../../../../shared/report/format-gate.js';

export type GateUnit = GateResult['unit'];

/** How each unit's axis is titled and where "no change" sits on it. */
export const UNIT_AXES: Record<GateUnit, { title: string; reference: number; tick: (x: number) => string }> = {
  points: { title: 'Pass-rate regression, percentage points (right = worse)', reference: 0, tick: (x) => (x > 0 ? `+${x}` : String(x)) },
  ratio: { title: 'Candidate ÷ baseline (right = slower or dearer)', reference: 1, tick: (x) => `×${x}` },
  rate: { title: 'Rate in the candidate (right = more)', reference: 0, tick: (x) => `${Number((x * 100).toPrecision(6))}%` },
  count: { title: 'New failures (baseline passed, candidate failed)', reference: 0, tick: (x) => String(x) },
};

/** The gates grouped by unit (one shared axis each), in the order their units first appear in the policy. */
export function groupByUnit<G extends Pick<GateResult, 'unit'>>(gates: readonly G[]): { unit: GateUnit; gates: G[] }[] {
  const groups: { unit: GateUnit; gates: G[] }[] = [];
  for (const g of gates) {
    const group = groups.find((x) => x.unit === g.unit);
    if (group) group.gates.push(g);
    else groups.push({ unit: g.unit, gates: [g] });
  }
  return groups;
}

/** Every value a unit's axis must show: bounds, estimates, allowances and the no-change reference. */
export function axisValues(unit: GateUnit, gates: readonly Pick<GateResult, 'estimate' | 'lower' | 'upper' | 'threshold'>[]): number[] {
  const values = [UNIT_AXES[unit].reference];
  for (const g of gates) for (const v of [g.estimate, g.lower, g.upper, g.threshold]) if (v !== null && Number.isFinite(v)) values.push(v);
  return values;
}
