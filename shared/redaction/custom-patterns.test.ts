import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.js';
import { PlaceholderScope } from './placeholder-scope.js';

describe('custom patterns', () => {
  it('redacts matches as <NAME_n> with the name upper-cased, consistently, and counts them under that name', () => {
    const r = createRedactor({ custom: [{ name: 'employee_id', pattern: 'EMP-\\d{6}' }] });
    const scope = new PlaceholderScope();
    expect(r.redactText('EMP-123456 reports to EMP-654321; EMP-123456 again', scope)).toBe('<EMPLOYEE_ID_1> reports to <EMPLOYEE_ID_2>; <EMPLOYEE_ID_1> again');
    expect(scope.counts()).toEqual({ EMPLOYEE_ID: 3 });
  });

  it('honours flags and runs alongside the built-in kinds', () => {
    const r = createRedactor({ custom: [{ name: 'PROJECT', pattern: 'project [a-z]+', flags: 'i' }] });
    expect(r.redactText('Project Falcon for ops@example.com', new PlaceholderScope())).toBe('<PROJECT_1> for <EMAIL_1>');
  });

  it('never matches or swallows a placeholder, even with a pattern that could', () => {
    const r = createRedactor({ custom: [{ name: 'WORD', pattern: '[A-Z_0-9<>]+' }] });
    const once = r.redactText('MAIL a@x.com', new PlaceholderScope());
    expect(once).toBe('<WORD_1> <EMAIL_1>');
    expect(r.redactText(once, new PlaceholderScope())).toBe(once);
    expect(r.redactText('<EMAIL_1>ABC', new PlaceholderScope())).toBe('<EMAIL_1><WORD_1>');
  });

  it('rejects a pattern that matches the empty string, with a clear message', () => {
    for (const pattern of ['a*', 'x?', '\\b', '(?=a)', '^', 'a|']) {
      expect(() => createRedactor({ custom: [{ name: 'BAD', pattern }] })).toThrow(/custom redaction pattern "BAD": the pattern matches the empty string/);
    }
  });

  it('rejects invalid regexes, names, flags and duplicates', () => {
    expect(() => createRedactor({ custom: [{ name: 'X', pattern: '(' }] })).toThrow(/"X": not a valid regular expression/);
    expect(() => createRedactor({ custom: [{ name: '1X', pattern: 'a' }] })).toThrow(/the name must start with a letter/);
    expect(() => createRedactor({ custom: [{ name: 'my-id', pattern: 'a' }] })).toThrow(/the name must start with a letter/);
    expect(() => createRedactor({ custom: [{ name: 'email', pattern: 'a' }] })).toThrow(/EMAIL is a built-in kind/);
    expect(() => createRedactor({ custom: [{ name: 'A', pattern: 'a' }, { name: 'a', pattern: 'b' }] })).toThrow(/also named A/);
    expect(() => createRedactor({ custom: [{ name: 'X', pattern: 'a', flags: 'y' }] })).toThrow(/unsupported flag "y"/);
    expect(() => createRedactor({ custom: [{ name: 'X', pattern: 'a', flags: 'ii' }] })).toThrow(/repeated flag/);
    expect(() => createRedactor({ custom: [{ name: 'X', pattern: '' }] })).toThrow(/the pattern is empty/);
  });

  it('rejects nested unbounded repetition, the usual catastrophic-backtracking shape', () => {
    for (const pattern of ['(a+)+b', '(\\w+\\s?)*x', '(?:[a-z]+,)*;', '((ab)*c)+']) {
      expect(() => createRedactor({ custom: [{ name: 'SLOW', pattern }] })).toThrow(/unbounded repetition/);
    }
    for (const pattern of ['(ab)+', '[a+]+', '\\(a+\\)+', '(?:\\d{3}-){2}\\d{4}', 'a+b+']) {
      expect(() => createRedactor({ custom: [{ name: 'OK', pattern }] })).not.toThrow();
    }
  });

  it('accepts the g and d flags and ignores them', () => {
    const r = createRedactor({ custom: [{ name: 'TICKET', pattern: 'T-\\d+', flags: 'gd' }] });
    expect(r.redactText('T-1 and T-2', new PlaceholderScope())).toBe('<TICKET_1> and <TICKET_2>');
  });
});

describe('kinds option', () => {
  it('detects only the chosen kinds', () => {
    const r = createRedactor({ kinds: ['EMAIL'] });
    expect(r.redactText('a@x.com 4111111111111111', new PlaceholderScope())).toBe('<EMAIL_1> 4111111111111111');
  });

  it('rejects an unknown kind', () => {
    expect(() => createRedactor({ kinds: ['SSN' as never] })).toThrow(/unknown redaction kind "SSN"/);
  });
});
