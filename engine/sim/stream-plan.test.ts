import { describe, expect, it } from 'vitest';
import { loadBehaviours } from './behaviours.js';
import { simulateCompletion } from './simulate.js';
import { parseSseEvents } from './sse-events.js';
import { planStream, splitIntoDeltas } from './stream-plan.js';

describe('splitIntoDeltas', () => {
  it('splits at word boundaries into pieces that join back to the exact text', () => {
    const text = 'Invoice INV-1042 is  $42.10,\ndue March 15, 2025. ';
    const pieces = splitIntoDeltas(text, 4);
    expect(pieces).toHaveLength(4);
    expect(pieces.join('')).toBe(text);
    expect(pieces).toEqual(['Invoice INV-1042 ', 'is  $42.10,\n', 'due March ', '15, 2025. ']);
  });

  it('never makes more pieces than words, and keeps empty text as one empty piece', () => {
    expect(splitIntoDeltas('Hello world', 8)).toEqual(['Hello ', 'world']);
    expect(splitIntoDeltas('', 5)).toEqual(['']);
    expect(splitIntoDeltas('   ', 3)).toEqual(['   ']);
  });
});

describe('planStream', () => {
  const behaviours = loadBehaviours();
  const completion = (user: string) =>
    simulateCompletion(behaviours, 'sim-baseline', { model: 'sim-baseline', messages: [{ role: 'system', content: 'invoice INV-1042 amount: $42.10' }, { role: 'user', content: user }] });

  it('puts the first delta at 25-40% of the latency, spreads the rest and ends at the latency', () => {
    for (let i = 0; i < 40; i++) {
      const c = completion(`How much was invoice INV-1042? (${i})`);
      const plan = planStream(c);
      expect(plan.ttftMs / c.latencyMs).toBeGreaterThanOrEqual(0.25);
      expect(plan.ttftMs / c.latencyMs).toBeLessThan(0.4);
      expect(plan.deltas[0]?.atMs).toBe(plan.ttftMs);
      expect(plan.endMs).toBe(c.latencyMs);
      expect(plan.deltas.length).toBeGreaterThanOrEqual(Math.min(3, c.content.split(/\s+/).length));
      expect(plan.deltas.length).toBeLessThanOrEqual(8);
      expect(plan.deltas.map((d) => d.text).join('')).toBe(c.content);
      const times = plan.deltas.map((d) => d.atMs);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(times.at(-1)).toBeLessThan(plan.endMs);
    }
  });

  it('is deterministic per request', () => {
    expect(planStream(completion('When is INV-1042 due?'))).toEqual(planStream(completion('When is INV-1042 due?')));
  });
});

describe('parseSseEvents', () => {
  it('reads named and unnamed events and leaves out an unterminated tail', () => {
    expect(parseSseEvents('data: {"a":1}\n\nevent: ping\ndata: {}\n\ndata: [DONE]\n\ndata: {"cut')).toEqual([{ data: '{"a":1}' }, { event: 'ping', data: '{}' }, { data: '[DONE]' }]);
  });
});
