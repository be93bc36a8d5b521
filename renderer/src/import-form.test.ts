import { describe, expect, it } from 'vitest';
import { captureFormatSchema } from '../../shared/domain/import.js';
import { buildImportRequest, captureFormatLabels, captureFormats, defaultImportForm, parsePaths } from './import-form.js';

describe('parsePaths', () => {
  it('takes one trimmed path per non-blank line, whatever the line endings', () => {
    expect(parsePaths(' a.jsonl \r\n\n  /var/log/llm/\n\t\n')).toEqual(['a.jsonl', '/var/log/llm/']);
    expect(parsePaths('   ')).toEqual([]);
  });
});

describe('buildImportRequest', () => {
  it('sends redaction explicitly, and a format and a sample only when chosen', () => {
    expect(buildImportRequest({ ...defaultImportForm, pathsText: 'a.jsonl' })).toEqual({
      ok: true,
      request: { paths: ['a.jsonl'], redact: true },
      key: '{"paths":["a.jsonl"],"redact":true}',
    });
    const built = buildImportRequest({ ...defaultImportForm, pathsText: 'a\nb', format: 'otel', redact: false, sampleEnabled: true, sampleN: ' 200 ', sampleMinPerSlice: '0', sampleSeed: '42' });
    expect(built).toMatchObject({ ok: true, request: { paths: ['a', 'b'], redact: false, format: 'otel', sample: { n: 200, minPerSlice: 0, seed: 42 } } });
  });

  it('ignores the sample fields while sampling is off', () => {
    expect(buildImportRequest({ ...defaultImportForm, pathsText: 'a', sampleN: 'junk' })).toMatchObject({ ok: true, request: { paths: ['a'], redact: true } });
  });

  it('gives a different key for every input that changes the import', () => {
    const base = { ...defaultImportForm, pathsText: 'a' };
    const keys = [base, { ...base, pathsText: 'b' }, { ...base, redact: false }, { ...base, format: 'anthropic' as const }, { ...base, sampleEnabled: true, sampleN: '5' }].map((f) => {
      const b = buildImportRequest(f);
      return b.ok ? b.key : null;
    });
    expect(new Set(keys).size).toBe(5);
    expect(keys).not.toContain(null);
  });

  it('names what is wrong instead of guessing', () => {
    expect(buildImportRequest(defaultImportForm)).toEqual({ ok: false, problems: [{ field: 'paths', message: 'Enter at least one file or folder.' }] });
    expect(buildImportRequest({ ...defaultImportForm, pathsText: 'a', sampleEnabled: true, sampleN: '0', sampleMinPerSlice: '-1', sampleSeed: '1.5' })).toEqual({
      ok: false,
      problems: [
        { field: 'sample', message: 'Sample size must be a whole number of at least 1.' },
        { field: 'sample', message: 'Minimum per slice must be a whole number (0 or more).' },
        { field: 'sample', message: 'Seed must be a whole number (0 or more).' },
      ],
    });
  });
});

describe('captureFormats', () => {
  it('are the contract enum, each with a label', () => {
    expect(captureFormats).toEqual(captureFormatSchema.options);
    expect(Object.keys(captureFormatLabels).sort()).toEqual([...captureFormatSchema.options].sort());
  });
});
