import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.js';

describe('SseParser', () => {
  it('parses events, names, multi-line data and comments', () => {
    const p = new SseParser();
    expect(p.feed(': keep-alive\n\nevent: message_start\ndata: {"a":1}\n\ndata: line1\ndata: line2\n\n')).toEqual([
      { event: 'message_start', data: '{"a":1}' },
      { event: null, data: 'line1\nline2' },
    ]);
  });

  it('keeps a CRLF split across chunks as one line end', () => {
    const p = new SseParser();
    expect([...p.feed('data: a\r'), ...p.feed('\ndata: b\r\n\r\n')]).toEqual([{ event: null, data: 'a\nb' }]);
  });

  it('gives the same events however the text is split into chunks (property)', () => {
    const text = 'data: {"x": "a b"}\r\n\r\nevent: e\ndata:no-space\n\ndata: [DONE]\n\n';
    const whole = new SseParser().feed(text);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 8 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const p = new SseParser();
        const events = [];
        let from = 0;
        for (const c of [...points, text.length]) {
          events.push(...p.feed(text.slice(from, c)));
          from = c;
        }
        expect(events).toEqual(whole);
      }),
    );
    expect(whole).toEqual([{ event: null, data: '{"x": "a b"}' }, { event: 'e', data: 'no-space' }, { event: null, data: '[DONE]' }]);
  });
});
