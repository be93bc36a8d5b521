import { describe, expect, it } from 'vitest';
import { loadBehaviours } from './behaviours.js';
import { findContacts } from './contacts.js';
import { readConversation } from './conversation.js';
import { bestSentence, splitSentences } from './documents.js';
import { findFact } from './facts.js';
import { createRng, lognormal } from './prng.js';
import { stem, tokenize } from './text.js';

const behaviours = loadBehaviours();

describe('reading a conversation', () => {
  it('finds documents, facts and pending tool results', () => {
    const conv = readConversation([
      { role: 'system', content: 'Intro.\n[doc-3] Refunds take 5 days. Ask support.\nplan: Business\ninvoice INV-1 amount: $4.00' },
      { role: 'user', content: 'first' },
      { role: 'tool', tool_call_id: 'x', content: '{"status":"old"}' },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
      { role: 'tool', tool_call_id: 'y', content: '{"status":"shipped"}' },
    ]);
    expect(conv.documents).toEqual([{ id: 'doc-3', text: 'Refunds take 5 days. Ask support.' }]);
    expect(conv.facts).toEqual([
      { key: 'plan', value: 'Business' },
      { key: 'invoice INV-1 amount', value: '$4.00' },
    ]);
    expect(conv.lastUserText).toBe('second');
    expect(conv.pendingToolResults).toEqual([{ status: 'shipped' }]);
  });

  it('splits sentences and picks the one covering the question best', () => {
    expect(splitSentences('One is here. Two is there! 3 more? yes.')).toEqual(['One is here.', 'Two is there!', '3 more? yes.']);
    const docs = [
      { id: 'doc-1', text: 'Invoices are e-mailed monthly. Refunds are returned within 5 days.' },
      { id: 'doc-2', text: 'Refunded annual plans keep access until the end of the month.' },
    ];
    expect(bestSentence('When are refunds returned?', docs, behaviours.stopwords)).toEqual({ docId: 'doc-1', sentence: 'Refunds are returned within 5 days.', overlap: 1 });
    expect(bestSentence('Is there a dark mode?', docs, behaviours.stopwords)?.overlap).toBe(0);
  });

  it('stems so that inflections meet, and keeps ids whole', () => {
    expect(['refunded', 'refunds', 'refund'].map(stem)).toEqual(['refund', 'refund', 'refund']);
    expect(stem('address')).toBe('address');
    expect(tokenize("What's INV-1042's status.acme.example page?")).toEqual(['what', 'inv-1042', 'status.acme.example', 'pag']);
  });

  it('matches the fact a question asks about, and never another id', () => {
    const facts = [
      { key: 'invoice INV-1 amount', value: '$4.00' },
      { key: 'invoice INV-1 due date', value: 'March 1, 2025' },
      { key: 'invoice INV-2 amount', value: '$9.00' },
    ];
    expect(findFact('How much was INV-2?', facts, behaviours.facts)?.value).toBe('$9.00');
    expect(findFact('When is invoice INV-1 due?', facts, behaviours.facts)?.value).toBe('March 1, 2025');
    expect(findFact('How much was INV-3?', facts, behaviours.facts)).toBeNull();
    expect(findFact('hello', facts, behaviours.facts)).toBeNull();
  });

  it('finds e-mail addresses and phone numbers without double counting', () => {
    const p = behaviours.contactPatterns;
    expect(findContacts('mail jane.doe@example.com.', p)).toEqual(['jane.doe@example.com']);
    expect(findContacts('call +1 415 555 0134 or (212) 555-0199', p)).toEqual(['+1 415 555 0134', '(212) 555-0199']);
    expect(findContacts('+44 20 7946 0958', p)).toEqual(['+44 20 7946 0958']);
    expect(findContacts('invoice INV-1042 due 2025-03-15', p)).toEqual([]);
  });
});

describe('prng', () => {
  it('is reproducible per seed and roughly uniform', () => {
    const a = createRng('x');
    const b = createRng('x');
    const xs = Array.from({ length: 5000 }, () => a());
    expect(Array.from({ length: 5000 }, () => b())).toEqual(xs);
    expect(createRng('y')()).not.toBe(xs[0]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws lognormals around the median', () => {
    const rng = createRng('latency');
    const draws = Array.from({ length: 4001 }, () => lognormal(rng, 900, 0.35)).sort((x, y) => x - y);
    expect(Math.abs(draws[2000]! / 900 - 1)).toBeLessThan(0.05);
  });
});
