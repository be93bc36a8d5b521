import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../shared/canonical-json.js';
import { canonicalJsonBytes, sha256OfCanonicalJson, sha256OfJson, sha256OfPieces } from './json-sha256.js';
import { responseCacheKey, responseCacheKeyOfJson } from './replay/response-cache-key.js';
import { requestHash } from './sim/request-hash.js';

const reference = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest();

// Long strings (remembered from 256 characters) with escapes, non-ASCII and lone surrogates, drawn from a small
// pool so that they recur, as system prompts do.
const longPool = fc.array(fc.string({ unit: 'binary', minLength: 256, maxLength: 700 }), { minLength: 1, maxLength: 4 });

describe('sha256OfJson', () => {
  it('is the sha256 of JSON.stringify, for keys of strings (long, recurring ones included), numbers, booleans and null', () => {
    fc.assert(
      fc.property(longPool, (pool) => {
        const leaf = fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.constantFrom(...pool),
          fc.integer(),
          fc.double(),
          fc.constantFrom(null, true, false, -0, undefined, Infinity, Number.NaN, 1e21, 5e-7),
        );
        const key = fc.letrec<{ tree: unknown }>((tie) => ({ tree: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('tree'), { maxLength: 5 })) })).tree;
        fc.assert(
          fc.property(fc.array(key, { maxLength: 6 }), (k) => {
            expect(sha256OfJson(k)).toEqual(reference(k));
          }),
          { numRuns: 20 },
        );
      }),
      { numRuns: 50 },
    );
  });

  it('hashes keys of any size and the same key alike every time', () => {
    // Over 1 MiB of key: the scratch buffer grows past what is kept, and is let go after each hash.
    const big = 'é→'.repeat(250_000);
    const key = ['m', [['system', big, null], ['user', 'x'.repeat(300), null]], `${big}!`];
    for (let i = 0; i < 3; i++) expect(sha256OfJson(key)).toEqual(reference(key));
    expect(sha256OfJson(['short', null, 1])).toEqual(reference(['short', null, 1]));
  });
});

const canonicalReference = (v: unknown, prefix = '') => createHash('sha256').update(prefix + canonicalJson(v)).digest();

/** What canonicalJson throws for a value, or null when it serializes it. */
function canonicalError(v: unknown): string | null {
  try {
    canonicalJson(v);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('sha256OfCanonicalJson', () => {
  it('is the sha256 of the prefix and canonicalJson, for objects and arrays with long recurring strings, and throws where canonicalJson throws', () => {
    fc.assert(
      fc.property(longPool, fc.string({ unit: 'binary', maxLength: 12 }), (pool, prefix) => {
        const leaf = fc.oneof(
          fc.string({ unit: 'binary', maxLength: 20 }),
          fc.constantFrom(...pool),
          fc.integer(),
          fc.double(),
          fc.constantFrom(null, true, false, -0, undefined, 1e21, 5e-7),
        );
        // Keys that sort differently by code unit than by locale, and long ones that recur too.
        const objectKey = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('a', 'B', 'é', 'Z', '_', '10', '9', pool[0]!));
        const value = fc.letrec<{ tree: unknown }>((tie) => ({
          tree: fc.oneof(
            { depthSize: 'small' },
            leaf,
            fc.array(tie('tree'), { maxLength: 5 }),
            fc.dictionary(objectKey, tie('tree'), { maxKeys: 5 }),
          ),
        })).tree;
        fc.assert(
          fc.property(value, (v) => {
            const error = canonicalError(v);
            if (error === null) {
              expect(sha256OfCanonicalJson(v, prefix)).toEqual(canonicalReference(v, prefix));
              expect(canonicalJsonBytes(v)).toEqual(Buffer.from(canonicalJson(v)));
            } else {
              expect(() => sha256OfCanonicalJson(v, prefix)).toThrow(error);
              expect(() => canonicalJsonBytes(v)).toThrow(error);
            }
          }),
          { numRuns: 30 },
        );
      }),
      { numRuns: 40 },
    );
  });

  it('throws as canonicalJson does for values JSON cannot hold', () => {
    for (const bad of [{ a: Number.NaN }, [Infinity], { f: () => 1 }, { n: 10n }, [Symbol('s')]]) {
      expect(() => sha256OfCanonicalJson(bad)).toThrow(canonicalError(bad)!);
    }
  });

  it('keeps the definitions of the response cache key and the simulated request hash', () => {
    const system = 'You are the support assistant of Acme. '.repeat(12);
    const body = { model: 'm', messages: [{ role: 'system', content: system }, { role: 'user', content: 'Où est ma commande ?' }], temperature: 0 };
    for (let i = 0; i < 2; i++) {
      expect(responseCacheKey('sha256:abc', body, 1)).toEqual(canonicalReference({ target: 'sha256:abc', body, attempt: 1 }));
      expect(responseCacheKeyOfJson('sha256:"q"', canonicalJsonBytes(body), 12)).toEqual(canonicalReference({ target: 'sha256:"q"', body, attempt: 12 }));
      expect(requestHash('sim-baseline', body)).toBe(canonicalReference(body, 'sim-baseline\n').toString('hex'));
    }
  });
});

describe('sha256OfPieces', () => {
  it('is the sha256 of the pieces one after another, texts as UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), { maxLength: 6 }), (pieces) => {
        const all = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
        expect(sha256OfPieces(pieces)).toEqual(createHash('sha256').update(all).digest());
      }),
      { numRuns: 200 },
    );
    // Past the scratch buffer's size: it grows, keeping what was written.
    const big = new Uint8Array(200_000).fill(7);
    expect(sha256OfPieces(['é'.repeat(40_000), big, 'end'])).toEqual(createHash('sha256').update(Buffer.concat([Buffer.from('é'.repeat(40_000)), big, Buffer.from('end')])).digest());
  });
});
