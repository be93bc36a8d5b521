import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.js';
import { PlaceholderScope } from './placeholder-scope.js';
import { placeholderPattern } from './text-engine.js';

const r = createRedactor();

describe('placeholders and scopes', () => {
  it('gives the same value the same placeholder across texts of one scope, and counts every occurrence', () => {
    const scope = new PlaceholderScope();
    expect(r.redactText('From Jane@Example.com', scope)).toBe('From <EMAIL_1>');
    expect(r.redactText('cc bob@example.com, jane@example.com', scope)).toBe('cc <EMAIL_2>, <EMAIL_1>');
    expect(scope.counts()).toEqual({ EMAIL: 3 });
  });

  it('starts numbering afresh in a new scope', () => {
    r.redactText('a@x.com b@x.com', new PlaceholderScope());
    expect(r.redactText('b@x.com', new PlaceholderScope())).toBe('<EMAIL_1>');
  });

  it('keeps placeholders already in the text and does not reuse their numbers', () => {
    expect(r.redactText('<EMAIL_1> wrote to new@x.com', new PlaceholderScope())).toBe('<EMAIL_1> wrote to <EMAIL_2>');
    expect(r.redactText('<CARD_2> and 4111111111111111 and 5500000000000004', new PlaceholderScope())).toBe('<CARD_2> and <CARD_1> and <CARD_3>');
  });

  it('is a no-op on its own output', () => {
    const once = r.redactText('Jane jane@x.com +1 415 555 0134 4111-1111-1111-1111 DE89370400440532013000 10.1.2.3 sk-abcdefghijklmnopqrstuvwxyz', new PlaceholderScope());
    expect(once).toBe('Jane <EMAIL_1> <PHONE_1> <CARD_1> <IBAN_1> <IP_1> <SECRET_1>');
    expect(r.redactText(once, new PlaceholderScope())).toBe(once);
  });

  it('reports a collision when a literal token turns up after it was issued', () => {
    const scope = new PlaceholderScope();
    r.redactText('a@x.com', scope);
    expect(scope.collided).toBe(false);
    r.redactText('literal <EMAIL_1>', scope);
    expect(scope.collided).toBe(true);
    expect(scope.reservedTokens()).toEqual(['<EMAIL_1>']);
  });

  it('recognises only placeholders of known labels', () => {
    const re = placeholderPattern(['EMAIL', 'MY_ID', 'MY']);
    expect('<EMAIL_1> <MY_ID_12> <MY_3> <OTHER_1> <EMAIL_0> <EMAIL_x>'.match(re)).toEqual(['<EMAIL_1>', '<MY_ID_12>', '<MY_3>']);
  });

  it('returns empty and placeholder-free text untouched', () => {
    const scope = new PlaceholderScope();
    expect(r.redactText('', scope)).toBe('');
    expect(r.redactText('nothing to see here', scope)).toBe('nothing to see here');
    expect(scope.counts()).toEqual({});
  });
});
