import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReplayProgress } from '../../shared/domain/run.js';
import { ReplayProgressMeter } from './replay-progress-meter.js';

describe('ReplayProgressMeter', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000_000;
  });
  afterEach(() => vi.useRealTimers());

  function meter(spent = () => 0.5) {
    const sent: ReplayProgress[] = [];
    const m = new ReplayProgressMeter('run-x', (p) => sent.push(p), spent, { minIntervalMs: 100, windowMs: 2000, now: () => now });
    return { m, sent };
  }

  it('sends the first count at once, then at most one per interval, and the last count after a pause', () => {
    const { m, sent } = meter();
    m.update({ done: 0, total: 100, infraErrors: 0 });
    expect(sent).toEqual([{ runId: 'run-x', done: 0, total: 100, infraErrors: 0, state: 'running', spentUsd: 0.5 }]);
    for (let i = 1; i <= 9; i++) {
      now += 10;
      m.update({ done: i, total: 100, infraErrors: 0 });
    }
    expect(sent).toHaveLength(1);
    now += 10;
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ done: 9, state: 'running' });
    // 90 ms of samples are too few to call a rate.
    expect(sent[1]!.callsPerSecond).toBeUndefined();
  });

  it('measures calls per second over the sliding window only', () => {
    const { m, sent } = meter();
    m.update({ done: 0, total: 1000, infraErrors: 0 });
    // A fast start (100 calls in 1 s), then 5 s at 10 calls a second: the window forgets the start.
    now += 1000;
    m.update({ done: 100, total: 1000, infraErrors: 0 });
    for (let s = 1; s <= 5; s++) {
      now += 1000;
      m.update({ done: 100 + 10 * s, total: 1000, infraErrors: 0 });
    }
    expect(sent[sent.length - 1]).toMatchObject({ done: 150, callsPerSecond: 10 });
  });

  it('finish sends one last event with the state and message, and nothing after it', () => {
    const { m, sent } = meter(() => 0.1234567891);
    m.update({ done: 3, total: 10, infraErrors: 1 });
    now += 10;
    m.update({ done: 4, total: 10, infraErrors: 1 });
    m.finish('cancelled', { message: 'cancelled; the answers so far are kept' });
    vi.advanceTimersByTime(1000);
    m.update({ done: 5, total: 10, infraErrors: 1 });
    expect(sent.map((p) => [p.state, p.done])).toEqual([['running', 3], ['cancelled', 4]]);
    expect(sent[1]).toMatchObject({ infraErrors: 1, spentUsd: 0.123457, message: 'cancelled; the answers so far are kept' });
  });

  it('leaves the spend out when the database cannot be read, and keeps going', () => {
    const { m, sent } = meter(() => {
      throw new Error('SQLITE_BUSY');
    });
    m.update({ done: 1, total: 2, infraErrors: 0 });
    expect(sent[0]).toEqual({ runId: 'run-x', done: 1, total: 2, infraErrors: 0, state: 'running' });
  });
});
