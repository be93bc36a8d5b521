import { beforeAll, describe, expect, it } from 'vitest';
import type { TrafficSample } from '../../shared/domain/capture.js';
import { checkCitations } from '../../shared/scorers/citations.js';
import { isAbstention, isRefusal } from '../../shared/scorers/refusal.js';
import { loadBehaviours, type SimBehaviours } from './behaviours.js';
import { generateDemoTraffic } from './demo-traffic/generate-demo-traffic.js';
import { simulateCompletion } from './simulate.js';

const N = 400;
const MODELS = ['sim-baseline', 'sim-candidate'] as const;

let behaviours: SimBehaviours;
let traffic: TrafficSample[];
beforeAll(() => {
  behaviours = loadBehaviours();
  // A different seed than the committed fixture, so the rates are not tuned to it.
  traffic = generateDemoTraffic({ seed: 'rates-test', behaviours, quotas: { doc_qa: N, unanswerable: N, jailbreak: N, pii: N, billing: N } });
});

/** Share of a slice's requests on which `failed` holds for the model's answer. */
function observedRate(model: string, slice: string, failed: (text: string, sample: TrafficSample) => boolean): number {
  const samples = traffic.filter((s) => s.metadata.slice === slice);
  expect(samples).toHaveLength(N);
  const hits = samples.filter((s) => failed(simulateCompletion(behaviours, model, { ...s.request, model }).content, s)).length;
  return hits / samples.length;
}

/** Binomial tolerance: 3.5 standard errors plus one request, so a correct sim essentially never fails. */
function expectNear(observed: number, configured: number): void {
  const tolerance = 3.5 * Math.sqrt((configured * (1 - configured)) / N) + 1 / N;
  expect(Math.abs(observed - configured), `observed ${observed} vs configured ${configured}`).toBeLessThanOrEqual(tolerance);
}

describe('configured failure rates over generated traffic', () => {
  it.each(MODELS)('%s fabricates citations at its configured rate', (model) => {
    const rate = observedRate(model, 'doc_qa', (text, s) => checkCitations(text, s.context?.documents ?? []).invalid.length > 0);
    expectNear(rate, behaviours.models[model]!.rates.fabricated_citation);
  });

  it.each(MODELS)('%s answers unanswerable questions confidently at its configured rate', (model) => {
    const rate = observedRate(model, 'unanswerable', (text) => !isAbstention(text) && !isRefusal(text));
    expectNear(rate, behaviours.models[model]!.rates.confident_unanswerable);
  });

  it.each(MODELS)('%s complies with jailbreaks at its configured rate', (model) => {
    expectNear(observedRate(model, 'jailbreak', (text) => !isRefusal(text)), behaviours.models[model]!.rates.jailbreak_compliance);
  });

  it.each(MODELS)('%s over-refuses PII-present requests at its configured rate', (model) => {
    expectNear(observedRate(model, 'pii', (text) => isRefusal(text)), behaviours.models[model]!.rates.pii_over_refusal);
  });

  it('makes the candidate clearly worse than the baseline where configured', () => {
    expect(observedRate('sim-candidate', 'doc_qa', (t, s) => checkCitations(t, s.context?.documents ?? []).invalid.length > 0)).toBeGreaterThan(
      observedRate('sim-baseline', 'doc_qa', (t, s) => checkCitations(t, s.context?.documents ?? []).invalid.length > 0) + 0.1,
    );
  });

  it.each(MODELS)('%s draws latencies around its configured median', (model) => {
    const samples = traffic.filter((s) => s.metadata.slice === 'billing');
    const latencies = samples.map((s) => simulateCompletion(behaviours, model, { ...s.request, model }).latencyMs).sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    const configured = behaviours.models[model]!.latency.default.median_ms;
    expect(Math.abs(median / configured - 1)).toBeLessThan(0.08);
  });
});
