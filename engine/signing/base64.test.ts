import { describe, expect, it } from 'vitest';
import { decodeBase64Strict } from './base64.js';

describe('decodeBase64Strict', () => {
  it('decodes standard base64 with and without padding', () => {
    expect(decodeBase64Strict('aGVsbG8=')?.toString('utf8')).toBe('hello');
    expect(decodeBase64Strict('aGVsbG8')?.toString('utf8')).toBe('hello');
    expect(decodeBase64Strict('YQ==')?.toString('utf8')).toBe('a');
    expect(decodeBase64Strict('YQ')?.toString('utf8')).toBe('a');
    expect(decodeBase64Strict('')?.length).toBe(0);
  });

  it('decodes URL-safe base64 with and without padding', () => {
    expect(decodeBase64Strict('-_-_')).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
    expect(decodeBase64Strict('-_8=')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict('-_8')).toEqual(Buffer.from([0xfb, 0xff]));
    expect(decodeBase64Strict('+/8=')).toEqual(Buffer.from([0xfb, 0xff]));
  });

  it('rejects characters outside the alphabet that Buffer.from would skip', () => {
    for (const junk of ['aGVs!bG8=', 'aGVs bG8=', 'aGVs\nbG8=', 'aGVs.bG8=', 'aGVsbG8=\n', 'aGVs\u00e9bG8=']) {
      // Sanity: Node's lenient decoder really does ignore these, which is why we need our own.
      expect(Buffer.from(junk, 'base64').toString('utf8')).toBe('hello');
      expect(decodeBase64Strict(junk)).toBeNull();
    }
  });

  it('rejects mixed alphabets, bad padding and impossible lengths', () => {
    expect(decodeBase64Strict('+_8=')).toBeNull();
    expect(decodeBase64Strict('YQ=')).toBeNull();
    expect(decodeBase64Strict('YQ===')).toBeNull();
    expect(decodeBase64Strict('YWJj=')).toBeNull();
    expect(decodeBase64Strict('YQ=A')).toBeNull();
    expect(decodeBase64Strict('YWJjZ')).toBeNull();
    expect(decodeBase64Strict('=')).toBeNull();
  });

  it('rejects non-zero padding bits (non-canonical spellings of the same bytes)', () => {
    expect(Buffer.from('YR==', 'base64').toString('utf8')).toBe('a');
    expect(decodeBase64Strict('YR==')).toBeNull();
    expect(decodeBase64Strict('YR')).toBeNull();
    expect(decodeBase64Strict('YWI=')?.toString('utf8')).toBe('ab');
    expect(decodeBase64Strict('YWJ=')).toBeNull();
  });
});
