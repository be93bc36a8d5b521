// The catalogue's table test: every case of fixtures/scorers/catalogue-suite.yaml is scored against its known answer
// in catalogue-outputs.json, and each score's verdict, category, severity, value, error and reason must be exactly
// the one written there. The suite must also cover every deterministic scorer type and every failure category.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { engineScorerTypes, failureCategories, scorerTypes } from '../domain/scorer-spec.js';
import { suiteFileSchema } from '../domain/suite.js';
import { checkExpectation } from './check-expectation.js';
import { catalogueVersion, scoreOutput } from './score-expectation.js';

interface Expected {
  passed: boolean;
  category: string;
  severity: string;
  reason?: string;
  reason_regex?: string;
  value?: number;
  error?: string;
}
interface Fixture {
  output: { text: string; finish_reason?: string | null; tool_calls?: { name: string; arguments: string }[]; latency_ms?: number; cost_usd?: number };
  expect: Expected[];
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/scorers/${name}`, import.meta.url), 'utf8');
const suite = suiteFileSchema.parse(parse(fixture('catalogue-suite.yaml')));
const outputs = JSON.parse(fixture('catalogue-outputs.json')) as Record<string, Fixture>;

/** The case's input as the engine gives it to pii_leak: messages, then documents. */
function inputText(c: (typeof suite.cases)[number]): string {
  const parts = c.input.messages.map((m) => (typeof m.content === 'string' ? m.content : ''));
  for (const d of c.input.documents ?? []) parts.push(d.title ?? '', d.text);
  return parts.filter(Boolean).join('\n');
}

describe('scorer catalogue fixture', () => {
  it('has an answer for every case, and a case for every answer', () => {
    expect(Object.keys(outputs).sort()).toEqual(suite.cases.map((c) => c.id).sort());
  });

  it('covers every deterministic scorer type, failing and passing, and every failure category', () => {
    const specs = suite.cases.flatMap((c) => c.expectations);
    const catalogue = scorerTypes.filter((t) => !(engineScorerTypes as readonly string[]).includes(t));
    expect(new Set(specs.map((s) => s.type))).toEqual(new Set(catalogue));
    const failed = Object.values(outputs).flatMap((o) => o.expect.filter((e) => !e.passed && e.error === undefined));
    expect(new Set(failed.map((e) => e.category))).toEqual(new Set(failureCategories));
    expect(Object.values(outputs).some((o) => o.expect.some((e) => e.passed))).toBe(true);
    for (const s of specs) expect(() => checkExpectation(s)).not.toThrow();
  });

  for (const c of suite.cases) {
    it(`${c.id}: verdict, category, severity, value and reason`, () => {
      const f = outputs[c.id]!;
      const o = f.output;
      const output = { text: o.text, finishReason: o.finish_reason === undefined ? 'stop' : o.finish_reason, toolCalls: o.tool_calls ?? [], latencyMs: o.latency_ms ?? null, costUsd: o.cost_usd ?? null };
      const context = { documents: c.input.documents ?? [], inputText: inputText(c), ...(c.reference === undefined ? {} : { reference: c.reference }) };
      const scores = scoreOutput(c.expectations, output, context);
      expect(scores).toHaveLength(f.expect.length);
      scores.forEach((s, i) => {
        const want = f.expect[i]!;
        expect({ passed: s.passed, category: s.category, severity: s.severity, value: s.value, error: s.error }).toEqual({
          passed: want.passed,
          category: want.category,
          severity: want.severity,
          value: want.value,
          error: want.error,
        });
        if (want.reason !== undefined) expect(s.detail).toBe(want.reason);
        else expect(s.detail).toMatch(new RegExp(want.reason_regex!, 'u'));
        expect(s.version).toBe(catalogueVersion(c.expectations[i]!.type as Parameters<typeof catalogueVersion>[0]));
      });
    });
  }
});
