import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configObject, editDistance, nearestKey, unknownKeyMessage } from './config-object.js';
import { trafficSampleSchema } from './capture.js';
import { configScorerSpecSchema, scorerSpecSchema } from './scorer-spec.js';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('system_prompt', 'system_prompt')).toBe(0);
    expect(editDistance('sytem_prompt', 'system_prompt')).toBe(1); // deletion
    expect(editDistance('critcal', 'critical')).toBe(1);
    expect(editDistance('expectations_by_slcie', 'expectations_by_slice')).toBe(1); // swap (Levenshtein: 2)
    expect(editDistance('modle', 'model')).toBe(1);
    expect(editDistance('rpm', 'tpm')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('nearestKey', () => {
  const target = ['provider', 'base_url', 'model', 'api_key_env', 'system_prompt', 'prompt_template', 'tool_policy', 'tools', 'params', 'headers', 'stream', 'limits'];

  it('finds the key a typo meant', () => {
    expect(nearestKey('sytem_prompt', target)).toBe('system_prompt');
    expect(nearestKey('modle', target)).toBe('model');
    expect(nearestKey('paramss', target)).toBe('params');
    expect(nearestKey('base-url', target)).toBe('base_url');
    expect(nearestKey('systemPrompt', target)).toBe('system_prompt'); // another spelling of the same key
    expect(nearestKey('critcal', ['name', 'metric', 'critical'])).toBe('critical');
  });

  it('suggests nothing when no key is close', () => {
    expect(nearestKey('temperature', target)).toBeUndefined();
    expect(nearestKey('prompt', target)).toBeUndefined();
    expect(nearestKey('xyz', ['rpm', 'tpm'])).toBeUndefined();
  });

  it('says what is allowed when nothing is close', () => {
    expect(unknownKeyMessage('sytem_prompt', target)).toBe('unknown key `sytem_prompt` — did you mean `system_prompt`?');
    expect(unknownKeyMessage('burst', ['rpm', 'tpm'])).toBe('unknown key `burst` (allowed here: rpm, tpm)');
  });
});

describe('configObject', () => {
  it('rejects unknown keys with a suggestion for each, and parses like z.object otherwise', () => {
    const schema = configObject({ rpm: z.number().optional(), tpm: z.number().optional() });
    expect(schema.parse({ rpm: 5 })).toEqual({ rpm: 5 });
    const issues = schema.safeParse({ rpn: 5, burst: 1 }).error?.issues;
    expect(issues).toEqual([
      expect.objectContaining({ code: 'unrecognized_keys', keys: ['rpn', 'burst'], path: [], message: 'unknown key `rpn` — did you mean `rpm`?; unknown key `burst` (allowed here: rpm, tpm)' }),
    ]);
    expect(schema.safeParse(3).error?.issues[0]?.message).toMatch(/expected object/);
  });

  it('is strict for expectations in suites, while reviewer labels in captured traffic keep ignoring extra fields', () => {
    const labelled = { type: 'contains', value: 'refund', case_sensitiv: true, source: 'labelling-tool' };
    expect(configScorerSpecSchema.safeParse(labelled).error?.issues[0]?.message).toBe(
      'unknown key `case_sensitiv` — did you mean `case_sensitive`?; unknown key `source` (allowed here: type, value, case_sensitive, name, severity, category)',
    );
    expect(scorerSpecSchema.parse(labelled)).toEqual({ type: 'contains', value: 'refund' });
    const sample = trafficSampleSchema.parse({
      id: 's1',
      timestamp: '2026-01-01T00:00:00Z',
      request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] },
      context: { documents: [{ id: 'doc-1', text: 't', url: 'https://x' }] },
      expectations: [labelled],
      vendor_field: 1,
    });
    expect(sample.expectations).toEqual([{ type: 'contains', value: 'refund' }]);
  });
});
