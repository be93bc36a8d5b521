import { canonicalJson } from '../../../shared/canonical-json.js';
import type { ChatMessage, ChatRequest, TrafficSample } from '../../../shared/domain/capture.js';
import { loadBehaviours, type SimBehaviours } from '../behaviours.js';
import { completionBody } from '../openai-bodies.js';
import { chance, createRng, intBetween, pick, type Rng } from '../prng.js';
import { simulateCompletion } from '../simulate.js';
import { makeAccountFacts, type AccountFacts } from './acme-account.js';
import { makeCustomers, type Customer } from './acme-customers.js';
import { buildTurn, demoSlices, type DemoSlice, type Turn } from './build-turn.js';
import { turnIsGrounded } from './check-turn.js';

/** How many samples of each slice the committed demo capture holds. */
export const defaultDemoQuotas: Readonly<Record<DemoSlice, number>> = {
  billing: 60,
  refunds: 50,
  account: 40,
  doc_qa: 70,
  unanswerable: 50,
  jailbreak: 40,
  pii: 40,
  tool_use: 50,
};

/** Options of the demo traffic generator. */
export interface DemoTrafficOptions {
  /** Seed of every random choice; the same seed and behaviours give byte-identical output. */
  seed?: string;
  behaviours?: SimBehaviours;
  /** Samples per slice; a slice left out gets none. Default: defaultDemoQuotas. */
  quotas?: Partial<Record<DemoSlice, number>>;
  /** Monday 00:00 UTC of the captured week. */
  weekStart?: string;
}

export const DEFAULT_DEMO_SEED = 'acme-support-demo-v1';
const DEFAULT_WEEK_START = '2025-03-03T00:00:00Z';
/** The production model of the story: the sim baseline, so replaying it reproduces the recorded answers. */
const PRODUCTION_MODEL = 'sim-baseline';
/** Fictional production prices, USD per million tokens, for the recorded cost. */
const PRICE_PER_MTOK = { input: 0.15, output: 0.6 };
const DAY_MS = 86_400_000;
const MAX_TRIES = 200;

// A session stays within one assistant: the support chat, the help center, or the order assistant.
const FAMILY: Record<DemoSlice, 'support' | 'help' | 'orders'> = {
  billing: 'support',
  refunds: 'support',
  account: 'support',
  pii: 'support',
  jailbreak: 'support',
  doc_qa: 'help',
  unanswerable: 'help',
  tool_use: 'orders',
};

function weightedSlice(rng: Rng, remaining: Record<DemoSlice, number>, allowed: readonly DemoSlice[]): DemoSlice | null {
  const total = allowed.reduce((n, s) => n + remaining[s], 0);
  if (total === 0) return null;
  let u = rng() * total;
  for (const s of allowed) {
    u -= remaining[s];
    if (u < 0 && remaining[s] > 0) return s;
  }
  return allowed.filter((s) => remaining[s] > 0).at(-1) ?? null;
}

/** Session start: mostly business hours, some evenings and nights, fewer on the weekend. */
function sessionStart(rng: Rng, weekStartMs: number): number {
  const day = chance(rng, 0.85) ? intBetween(rng, 0, 4) : intBetween(rng, 5, 6);
  const hour = chance(rng, 0.75) ? intBetween(rng, 8, 17) : intBetween(rng, 0, 23);
  return weekStartMs + day * DAY_MS + hour * 3_600_000 + intBetween(rng, 0, 3_599) * 1000;
}

function hex(rng: Rng, length: number): string {
  return Array.from({ length }, () => Math.floor(rng() * 16).toString(16)).join('');
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function requestFor(turn: Turn, history: readonly ChatMessage[]): ChatRequest {
  const messages: ChatMessage[] = [{ role: 'system', content: turn.system }, ...history, { role: 'user', content: turn.user }, ...turn.followUps];
  return { model: PRODUCTION_MODEL, messages, ...(turn.tools ? { tools: turn.tools } : {}), temperature: 0.2, max_tokens: 400 };
}

/**
 * Generates the demo capture of Acme Cloud's support assistant: sessions of 1–3 turns over one week, each
 * answered as the sim baseline answers it, with reviewer labels the baseline almost always meets.
 */
export function generateDemoTraffic(opts: DemoTrafficOptions = {}): TrafficSample[] {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const behaviours = opts.behaviours ?? loadBehaviours();
  const quotas = opts.quotas ?? defaultDemoQuotas;
  const remaining = Object.fromEntries(demoSlices.map((s) => [s, quotas[s] ?? 0])) as Record<DemoSlice, number>;
  const weekStartMs = Date.parse(opts.weekStart ?? DEFAULT_WEEK_START);
  const rng = createRng(`demo-traffic:${seed}`);
  const customers = makeCustomers(rng, 90);
  const facts = new Map<Customer, AccountFacts>(customers.map((c) => [c, makeAccountFacts(rng, c, weekStartMs)]));
  const seenRequests = new Set<string>();
  const samples: TrafficSample[] = [];

  for (;;) {
    const first = weightedSlice(rng, remaining, demoSlices);
    if (first === null) break;
    const family = FAMILY[first];
    const length = family === 'orders' ? 1 : chance(rng, 0.62) ? 1 : chance(rng, 0.7) ? 2 : 3;
    const customer = pick(rng, customers);
    const support = { customer, facts: facts.get(customer)! };
    const sessionId = `sess_${hex(rng, 12)}`;
    const channel = pick(rng, ['web-widget', 'web-widget', 'in-app']);
    const history: ChatMessage[] = [];
    let at = sessionStart(rng, weekStartMs);

    for (let k = 0; k < length; k++) {
      const slice = k === 0 ? first : weightedSlice(rng, remaining, demoSlices.filter((s) => FAMILY[s] === family));
      if (slice === null) break;
      let turn: Turn | null = null;
      let request: ChatRequest | null = null;
      for (let tries = 0; tries < MAX_TRIES && !request; tries++) {
        const candidate = buildTurn(rng, slice, support, weekStartMs);
        const req = requestFor(candidate, history);
        const key = canonicalJson({ model: req.model, messages: req.messages, tools: req.tools ?? null });
        if (seenRequests.has(key) || !turnIsGrounded(behaviours, req, slice, candidate.check)) continue;
        seenRequests.add(key);
        turn = candidate;
        request = req;
      }
      if (!turn || !request) throw new Error(`demo traffic: could not build a grounded ${slice} turn in ${MAX_TRIES} tries`);
      remaining[slice]--;

      const completion = simulateCompletion(behaviours, PRODUCTION_MODEL, request);
      const { prompt_tokens: input, completion_tokens: output } = completion.usage;
      const signals: Record<string, boolean> = {
        user_retry: chance(rng, 0.04),
        // Users push back more when the help center cannot answer, and on the rare bad answer.
        thumbs_down: chance(rng, completion.deviation ? 0.5 : slice === 'unanswerable' ? 0.1 : slice === 'doc_qa' ? 0.05 : 0.02),
      };
      if (slice === 'jailbreak') signals.policy_flag = chance(rng, 0.7);
      samples.push({
        schema: 'canary-gate/capture@1',
        id: `cap_${completion.requestHash.slice(0, 16)}`,
        timestamp: isoSeconds(at),
        request,
        response: completionBody(completion, Math.floor(at / 1000)) as TrafficSample['response'],
        latency_ms: completion.latencyMs,
        cost_usd: Number(((input * PRICE_PER_MTOK.input + output * PRICE_PER_MTOK.output) / 1e6).toFixed(8)),
        ...(turn.documents ? { context: { documents: turn.documents } } : {}),
        metadata: {
          slice,
          route: turn.route,
          session_id: sessionId,
          user_id: customer.userId,
          tier: customer.tier,
          channel,
          locale: 'en-US',
          signals,
        },
        expectations: turn.expectations,
      });
      history.push({ role: 'user', content: turn.user }, { role: 'assistant', content: completion.content });
      at += completion.latencyMs + intBetween(rng, 20, 240) * 1000;
    }
  }
  return samples.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || a.id.localeCompare(b.id));
}

/** One JSON object per line, newline-terminated. */
export function toJsonl(samples: readonly TrafficSample[]): string {
  return samples.map((s) => JSON.stringify(s)).join('\n') + '\n';
}
