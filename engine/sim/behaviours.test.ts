import { readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { defaultBehavioursFile, loadBehaviours, parseBehaviours } from './behaviours.js';

const text = readFileSync(defaultBehavioursFile(), 'utf8');

function errorOf(yaml: string): InputError {
  try {
    parseBehaviours(yaml, 'models.yaml');
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('behaviours file', () => {
  it('is found under the package root and defines both simulated models', () => {
    expect(defaultBehavioursFile()).toMatch(/fixtures[/\\]sim[/\\]models\.yaml$/);
    expect(existsSync(defaultBehavioursFile())).toBe(true);
    const b = loadBehaviours();
    expect(Object.keys(b.models)).toEqual(['sim-baseline', 'sim-candidate']);
    expect(b.models['sim-candidate']!.rates).toEqual({ fabricated_citation: 0.2, confident_unanswerable: 0.35, jailbreak_compliance: 0.03, pii_over_refusal: 0.04, tool_call_skipped: 0.04, tool_argument_error: 0.08 });
    expect(b.models['sim-baseline']!.latency.default.median_ms).toBe(900);
    expect(b.models['sim-candidate']!.latency.default.median_ms).toBe(650);
    expect(b.rules.map((r) => r.intent)).toEqual(['jailbreak', 'tool_use', 'doc_qa', 'pii', 'refunds', 'billing', 'account']);
    expect(b.stopwords.has('thank')).toBe(true);
  });

  it('rejects an unknown key, naming the line and field', () => {
    const err = errorOf(text.replace('version: 1', 'version: 1\ncolour: blue'));
    // The field is the unknown key itself, the line the key's (the one after `version: 1`).
    expect(err.where.field).toBe('colour');
    expect(err.where.line).toBe(text.split('\n').indexOf('version: 1') + 2);
    expect(err.message).toMatch(/colour/);
  });

  it('rejects an invalid regular expression', () => {
    const err = errorOf(text.replace("patterns: ['\\brefund'", "patterns: ['(unclosed'"));
    expect(err.message).toBe('not a valid regular expression');
    expect(err.where.field).toBe('classifier.rules.4.patterns.0');
    expect(err.where.line).toBeGreaterThan(1);
  });

  it('rejects a reply template with a placeholder its kind does not provide', () => {
    const err = errorOf(text.replace("'The {key} is {value}.'", "'The {key} is {amount}.'"));
    expect(err.message).toMatch(/unknown placeholder \{amount\} in a fact reply/);
    expect(err.where.field).toBe('models.sim-candidate.replies.fact');
  });

  it('rejects a rate outside [0, 1]', () => {
    const err = errorOf(text.replace('fabricated_citation: 0.2', 'fabricated_citation: 20'));
    expect(err.where.field).toBe('models.sim-candidate.rates.fabricated_citation');
  });
});
