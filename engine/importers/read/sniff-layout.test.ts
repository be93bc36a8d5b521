import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { firstObjectKey, sniffLayout, PEEK_BYTES } from './sniff-layout.js';

/** Streams the text in reads of `read` bytes (a file stream reads 1 MiB at a time). */
const sniff = async (text: string, read = 64 << 10) => {
  const bytes = Buffer.from(text);
  const reads = Array.from({ length: Math.ceil(bytes.length / read) }, (_, i) => bytes.subarray(i * read, (i + 1) * read));
  const { layout, replay } = await sniffLayout(Readable.from(reads));
  const replayed = replay ? Buffer.concat(await replay.toArray()).toString() : null;
  return { layout, replayed };
};
const long = (key: string) => `{"${key}": [{"s": "${'x'.repeat(PEEK_BYTES + 10)}"}]}`;

describe('sniffLayout', () => {
  it('keeps the short-file decisions and replays what it read', async () => {
    expect(await sniff('{"a": 1}\n{"b": 2}\n')).toEqual({ layout: 'lines', replayed: '{"a": 1}\n{"b": 2}\n' });
    expect(await sniff('{not json\n{"b": 2}\n')).toMatchObject({ layout: 'lines' });
    expect(await sniff('{\n  "resourceSpans": []\n}\n')).toMatchObject({ layout: 'document' });
    expect(await sniff('\uFEFF[{"a": 1}]')).toMatchObject({ layout: 'document' });
    expect(await sniff('  \n')).toMatchObject({ layout: 'empty' });
  });

  it('calls a file with a first line over the peek window JSON Lines when more lines follow, whatever it starts with', async () => {
    expect(await sniff(`${long('data')}\n{"b": 2}\n`)).toEqual({ layout: 'lines', replayed: null });
    expect(await sniff(`${long('resourceSpans')}\n{"b": 2}`)).toEqual({ layout: 'lines', replayed: null });
    expect(await sniff(`${long('id')}\n\n  \n`)).toEqual({ layout: 'lines', replayed: null });
  });

  it('calls a single long line a document only when it starts as one, however it is read', async () => {
    for (const read of [64 << 10, 8 << 20]) {
      expect(await sniff(long('resourceSpans'), read)).toEqual({ layout: 'document', replayed: null });
      expect(await sniff(`${long('data')}\r\n \n`, read)).toEqual({ layout: 'document', replayed: null });
      expect(await sniff(long('id'), read)).toEqual({ layout: 'lines', replayed: null });
      expect((await sniff(`${long('resourceSpans')}\n{"b": 2}\n`, read)).layout).toBe('lines');
    }
  });

  it('a broken first line followed by a second line too long to hold is still JSON Lines', async () => {
    expect(await sniff(`{oops\n${long('id')}\n`)).toMatchObject({ layout: 'lines' });
  });
});

describe('firstObjectKey', () => {
  it('reads the first key, escapes included, or null', () => {
    expect(firstObjectKey('{ "resource\\u0053pans" : [')).toBe('resourceSpans');
    expect(firstObjectKey('{"a\\"b": 1')).toBe('a"b');
    expect(firstObjectKey('{"unfinished')).toBeNull();
    expect(firstObjectKey('[1]')).toBeNull();
  });
});
