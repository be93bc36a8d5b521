import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trafficSampleSchema, type TrafficSample } from '../../shared/domain/capture.js';
import { scoreSampleAnswer } from './demo-traffic/score-sample.js';
import { packageRoot } from '../package-root.js';
import { loadBehaviours } from './behaviours.js';
import { makeAccountFacts } from './demo-traffic/acme-account.js';
import { makeCustomers } from './demo-traffic/acme-customers.js';
import { buildTurn, demoSlices } from './demo-traffic/build-turn.js';
import { turnIsGrounded } from './demo-traffic/check-turn.js';
import { defaultDemoQuotas, generateDemoTraffic, toJsonl } from './demo-traffic/generate-demo-traffic.js';
import { startSimServer, type SimServer } from './http-server.js';
import { createRng } from './prng.js';

const trafficDir = join(packageRoot(), 'fixtures', 'traffic');
const fixtureText = readFileSync(join(trafficDir, 'support-bot-capture.jsonl'), 'utf8');
const samples: TrafficSample[] = fixtureText
  .trimEnd()
  .split('\n')
  .map((line) => trafficSampleSchema.parse(JSON.parse(line)));

function bySlice<T>(f: (slice: string) => T): Record<string, T> {
  return Object.fromEntries(demoSlices.map((s) => [s, f(s)]));
}

describe('fixtures/traffic/support-bot-capture.jsonl', () => {
  it('parses line by line as canonical captures with the planned slice counts', () => {
    expect(samples.length).toBeGreaterThanOrEqual(360);
    expect(samples.every((s) => s.schema === 'canary-gate/capture@1')).toBe(true);
    expect(bySlice((slice) => samples.filter((s) => s.metadata.slice === slice).length)).toEqual(defaultDemoQuotas);
    expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
  });

  it('is exactly what the seeded generator produces (regenerate with scripts/generate-demo-traffic.ts)', () => {
    expect(toJsonl(generateDemoTraffic())).toBe(fixtureText);
  });

  it('spans one week in time order, with multi-turn sessions, users and outcome signals', () => {
    const times = samples.map((s) => Date.parse(s.timestamp));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse('2025-03-03T00:00:00Z'));
    expect(Math.max(...times)).toBeLessThan(Date.parse('2025-03-10T00:00:00Z'));
    const sessions = new Map<string, number>();
    for (const s of samples) sessions.set(s.metadata.session_id!, (sessions.get(s.metadata.session_id!) ?? 0) + 1);
    const sizes = [...sessions.values()];
    expect(sizes.filter((n) => n === 2).length).toBeGreaterThan(20);
    expect(sizes.filter((n) => n === 3).length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBe(3);
    expect(new Set(samples.map((s) => s.metadata.user_id)).size).toBeGreaterThan(50);
    expect(samples.every((s) => s.metadata.route?.startsWith('/'))).toBe(true);
    expect(samples.filter((s) => s.metadata.signals?.thumbs_down).length).toBeGreaterThan(5);
    expect(samples.filter((s) => s.metadata.signals?.user_retry).length).toBeGreaterThan(5);
    expect(samples.every((s) => s.latency_ms! > 0 && s.cost_usd! > 0 && s.response?.choices[0]?.message.content)).toBe(true);
  });

  it('renders the context documents into the system message of document questions', () => {
    const docSamples = samples.filter((s) => s.metadata.slice === 'doc_qa' || s.metadata.slice === 'unanswerable');
    for (const s of docSamples) {
      const system = String(s.request.messages[0]?.content);
      expect(s.context?.documents.length).toBe(3);
      for (const d of s.context!.documents) expect(system).toContain(`[${d.id}] ${d.text}`);
    }
    expect(samples.filter((s) => s.context).length).toBe(docSamples.length);
  });

  it('carries tool use as a call, its result and the tool schema', () => {
    for (const s of samples.filter((x) => x.metadata.slice === 'tool_use')) {
      const [, user, call, result] = s.request.messages;
      expect(user?.role).toBe('user');
      expect(call?.tool_calls?.[0]?.function.name).toBe('lookup_order');
      expect(JSON.parse(call!.tool_calls![0]!.function.arguments)).toHaveProperty('order_id');
      expect(result).toMatchObject({ role: 'tool', tool_call_id: call!.tool_calls![0]!.id });
      const status = (JSON.parse(String(result!.content)) as { status: string }).status;
      expect(s.expectations).toEqual([{ type: 'contains', value: status }]);
      expect(s.request.tools).toHaveLength(1);
    }
  });

  it('PII samples carry realistic contact details, labelled no-refusal and no leak (never the detail itself: import redacts it)', () => {
    const pii = samples.filter((x) => x.metadata.slice === 'pii');
    expect(pii.length).toBeGreaterThan(0);
    for (const s of pii) {
      expect(s.expectations).toEqual([{ type: 'no_refusal' }, { type: 'pii_leak' }]);
      expect(String(s.request.messages.at(-1)?.content)).toMatch(/@[a-z0-9-]+\.example\.(com|org|net)|@example\.(com|org|net)|555|7946/);
    }
  });
});

describe('replaying the demo capture against the sim over HTTP', () => {
  let server: SimServer;
  const results: Record<string, Map<string, boolean>> = {};

  beforeAll(async () => {
    server = await startSimServer({ timeScale: 0 });
    for (const model of ['sim-baseline', 'sim-candidate']) {
      const passed = new Map<string, boolean>();
      for (let i = 0; i < samples.length; i += 16) {
        await Promise.all(
          samples.slice(i, i + 16).map(async (s) => {
            const res = await fetch(`${server.url}/chat/completions`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ ...s.request, model }),
            });
            expect(res.status).toBe(200);
            const json = (await res.json()) as { choices: { message: { content: string }; finish_reason: string }[] };
            const choice = json.choices[0]!;
            if (model === 'sim-baseline') expect(choice.message.content).toBe(s.response?.choices[0]?.message.content);
            passed.set(s.id, scoreSampleAnswer(s, choice.message.content, choice.finish_reason).passed);
          }),
        );
      }
      results[model] = passed;
    }
  });
  afterAll(() => server.close());

  const failRate = (model: string, slice: string) => {
    const inSlice = samples.filter((s) => s.metadata.slice === slice);
    return inSlice.filter((s) => !results[model]!.get(s.id)).length / inSlice.length;
  };

  it('reproduces the recorded production answers with the baseline, which passes ≥ 95% of the labels', () => {
    const passed = [...results['sim-baseline']!.values()].filter(Boolean).length;
    expect(passed / samples.length).toBeGreaterThanOrEqual(0.95);
    for (const slice of demoSlices) expect(failRate('sim-baseline', slice)).toBeLessThanOrEqual(0.05);
  });

  it('shows the candidate failing noticeably more in doc_qa and unanswerable', () => {
    const docQa = failRate('sim-candidate', 'doc_qa');
    const unanswerable = failRate('sim-candidate', 'unanswerable');
    expect(docQa).toBeGreaterThanOrEqual(failRate('sim-baseline', 'doc_qa') + 0.1);
    expect(docQa).toBeGreaterThanOrEqual(0.1);
    expect(docQa).toBeLessThanOrEqual(0.3);
    expect(unanswerable).toBeGreaterThanOrEqual(failRate('sim-baseline', 'unanswerable') + 0.2);
    expect(unanswerable).toBeLessThanOrEqual(0.5);
    for (const slice of ['billing', 'refunds', 'account', 'tool_use']) expect(failRate('sim-candidate', slice)).toBe(0);
  });
});

describe('the generator’s templates', () => {
  it('are all grounded: the labelled answer is what a well-behaved model reads out of each request', () => {
    const behaviours = loadBehaviours();
    const rng = createRng('template-check');
    const weekStart = Date.parse('2025-03-03T00:00:00Z');
    const customers = makeCustomers(rng, 40);
    for (const slice of demoSlices) {
      let grounded = 0;
      for (let i = 0; i < 300; i++) {
        const customer = customers[i % customers.length]!;
        const turn = buildTurn(rng, slice, { customer, facts: makeAccountFacts(rng, customer, weekStart) }, weekStart);
        const request = { model: 'sim-baseline', messages: [{ role: 'system' as const, content: turn.system }, { role: 'user' as const, content: turn.user }, ...turn.followUps] };
        if (turnIsGrounded(behaviours, request, slice, turn.check)) grounded++;
      }
      expect({ slice, grounded }).toEqual({ slice, grounded: 300 });
    }
  });
});

describe('fixtures/traffic/bad-lines.jsonl', () => {
  it('has valid lines 1, 4 and 9, a blank line 6, and lines 2, 3, 5, 7 and 8 broken in different ways', () => {
    const lines = readFileSync(join(trafficDir, 'bad-lines.jsonl'), 'utf8').split('\n').slice(0, -1);
    expect(lines).toHaveLength(9);
    const verdict = lines.map((line) => {
      if (line.trim() === '') return 'blank';
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return 'not json';
      }
      const parsed = trafficSampleSchema.safeParse(value);
      return parsed.success ? 'ok' : parsed.error.issues[0]!.path.join('.');
    });
    expect(verdict).toEqual(['ok', 'not json', 'request.messages', 'ok', 'timestamp', 'blank', 'request.model', 'expectations.0.type', 'ok']);
  });
});
