/** The slice(s) a decided gate was restricted to, read back from its result's details. */

import type { GateResult } from '../domain/gate-result.js';

/**
 * The slices named by a gate result's `details.slice` (evaluateGate writes a list joined with ", "), or null for a
 * gate over every case. A single slice whose own name contains ", " is read as a list; see {@link inGateSlices}.
 */
export function gateSlices(details: GateResult['details']): string[] | null {
  const slice = details.slice;
  return typeof slice === 'string' && slice !== '' ? slice.split(', ') : null;
}

/** The one slice a gate was restricted to, or null for a gate over every case or over several slices. */
export function singleGateSlice(details: GateResult['details']): string | null {
  const slices = gateSlices(details);
  return slices !== null && slices.length === 1 ? slices[0]! : null;
}

/**
 * A test of whether a case of a given slice is one the gate saw, or null for a gate over every case. Built once per
 * gate (a run may have 100,000 cases). The joined text is also matched whole, so that a slice named "a, b" (one
 * name with a comma) is not lost to the split.
 */
export function gateSliceTest(details: GateResult['details']): ((caseSlice: string | undefined) => boolean) | null {
  const slices = gateSlices(details);
  if (slices === null) return null;
  const names = new Set([...slices, details.slice as string]);
  return (caseSlice) => caseSlice !== undefined && names.has(caseSlice);
}
