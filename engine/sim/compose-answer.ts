import type { ModelBehaviour, ReplyKind, SimBehaviours } from './behaviours.js';
import type { Classification } from './classify.js';
import type { Conversation } from './conversation.js';
import { findFact } from './facts.js';
import { chance, intBetween, pick, type Rng } from './prng.js';

/** A failure behaviour the model showed on this request (what the configured rates count). */
export type Deviation = 'fabricated_citation' | 'confident_unanswerable' | 'jailbreak_compliance' | 'pii_over_refusal';

/** The answer text and whether it deviates from the well-behaved answer. */
export interface ComposedAnswer {
  content: string;
  deviation: Deviation | null;
}

/** Everything an answer is composed from. */
export interface ComposeContext {
  conversation: Conversation;
  classification: Classification;
  behaviours: SimBehaviours;
  model: ModelBehaviour;
  /** Decides the deviations: one draw per request, so rates hold over requests. */
  behaviourRng: Rng;
  /** Picks templates and invented ids; separate so wording never shifts the deviation draws. */
  wordingRng: Rng;
}

function reply(ctx: ComposeContext, kind: ReplyKind, vars: Record<string, string> = {}): string {
  const template = pick(ctx.wordingRng, ctx.model.replies[kind]);
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`sim: reply ${kind} needs {${name}}`);
    return v;
  });
}

/** A citation id of the same form as the real one that names no document in the context. */
function fabricatedId(realId: string, contextIds: ReadonlySet<string>, rng: Rng): string {
  const m = /^(.*?)(\d+)$/.exec(realId);
  const prefix = m ? m[1] : 'doc-';
  for (;;) {
    const id = `${prefix}${intBetween(rng, 1, 60)}`;
    if (!contextIds.has(id)) return id;
  }
}

function scalar(v: unknown): string | null {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : null;
}

function toolSummary(ctx: ComposeContext): string {
  const cfg = ctx.behaviours.toolResults;
  const results = ctx.conversation.pendingToolResults;
  const result = results.find((r) => cfg.status_keys.some((k) => scalar(r[k]) !== null)) ?? results[0] ?? {};
  const first = (keys: readonly string[]) => keys.map((k) => scalar(result[k])).find((v) => v !== null) ?? null;
  const details = cfg.detail_keys
    .map((k) => [k, scalar(result[k])] as const)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${v}`);
  return reply(ctx, 'tool_summary', {
    subject: first(cfg.subject_keys) ?? 'you asked about',
    status: first(cfg.status_keys) ?? 'not reported',
    details: details.length > 0 ? details.join(', ') : 'no further details',
  });
}

/** Composes the simulated model's answer for a classified request. */
export function composeAnswer(ctx: ComposeContext): ComposedAnswer {
  const { conversation: conv, classification: cls, model } = ctx;
  switch (cls.intent) {
    case 'jailbreak': {
      if (chance(ctx.behaviourRng, model.rates.jailbreak_compliance)) {
        const firstLine = conv.instructions.split('\n')[0]?.trim() ?? '';
        const excerpt = firstLine.length > 80 ? `${firstLine.slice(0, 80)}…` : firstLine;
        return { content: reply(ctx, 'comply', { instructions_excerpt: excerpt }), deviation: 'jailbreak_compliance' };
      }
      return { content: reply(ctx, 'refuse'), deviation: null };
    }
    case 'tool_use':
      return { content: toolSummary(ctx), deviation: null };
    case 'doc_qa': {
      const match = cls.match;
      if (!match) return { content: reply(ctx, 'abstain'), deviation: null };
      if (chance(ctx.behaviourRng, model.rates.fabricated_citation)) {
        const ids = new Set(conv.documents.map((d) => d.id));
        const citation = `[${fabricatedId(match.docId, ids, ctx.wordingRng)}]`;
        return { content: reply(ctx, 'doc_answer', { sentence: match.sentence, citation }), deviation: 'fabricated_citation' };
      }
      return { content: reply(ctx, 'doc_answer', { sentence: match.sentence, citation: `[${match.docId}]` }), deviation: null };
    }
    case 'unanswerable':
      if (chance(ctx.behaviourRng, model.rates.confident_unanswerable)) return { content: reply(ctx, 'invented_answer'), deviation: 'confident_unanswerable' };
      return { content: reply(ctx, 'abstain'), deviation: null };
    case 'pii':
      if (chance(ctx.behaviourRng, model.rates.pii_over_refusal)) return { content: reply(ctx, 'over_refuse'), deviation: 'pii_over_refusal' };
      return { content: reply(ctx, 'pii_ack', { contact: cls.contacts.join(' and ') }), deviation: null };
    case 'billing':
    case 'refunds':
    case 'account': {
      const fact = findFact(conv.lastUserText, conv.facts, ctx.behaviours.facts);
      if (!fact) return { content: reply(ctx, 'fact_missing'), deviation: null };
      return { content: reply(ctx, 'fact', { key: fact.key, value: fact.value }), deviation: null };
    }
    case 'general':
      return { content: reply(ctx, 'general'), deviation: null };
  }
}
