/** Public surface of gate evaluation (pure, isomorphic). */
export { evaluatePolicy, evaluateGate } from './evaluate-policy.js';
export type { ArmOutcome, CaseOutcome } from './case-outcome.js';
export { contextOf } from './gate-common.js';
export type { GateContext } from './gate-common.js';
export { defaultGateName } from './metric-values.js';
