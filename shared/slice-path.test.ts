import { describe, expect, it } from 'vitest';
import { parseSlicePath, sliceOf, valueAtPath } from './slice-path.js';

describe('slice paths', () => {
  it('parses dots, indexes and quoted keys', () => {
    expect(parseSlicePath('metadata.route')).toEqual(['metadata', 'route']);
    expect(parseSlicePath('metadata.tags[0]')).toEqual(['metadata', 'tags', 0]);
    expect(parseSlicePath('metadata.attributes["app.route"]')).toEqual(['metadata', 'attributes', 'app.route']);
    expect(parseSlicePath("metadata.attributes['x.y']")).toEqual(['metadata', 'attributes', 'x.y']);
  });
  it('rejects malformed paths with the position', () => {
    expect(() => parseSlicePath('metadata..route')).toThrow(/character 9/);
    expect(() => parseSlicePath('')).toThrow(/empty/);
  });
  it('reads values and picks the first path that has one, renamed through the map', () => {
    const s = { metadata: { route: '/v1/billing', tags: ['vip', 'de'], attributes: { 'app.intent': 'refund' } } };
    expect(valueAtPath(s, ['metadata', 'tags', 1])).toBe('de');
    expect(valueAtPath(s, ['metadata', 'missing'])).toBeNull();
    const paths = ['metadata.slice', 'metadata.attributes["app.intent"]', 'metadata.route'].map(parseSlicePath);
    expect(sliceOf(s, paths, {})).toBe('refund');
    expect(sliceOf({ metadata: { route: '/v1/billing' } }, paths, { '/v1/billing': 'billing' })).toBe('billing');
    expect(sliceOf({ metadata: {} }, paths, {})).toBeNull();
  });
});
