import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrafficSample } from '../domain/capture.js';
import { IBAN_LENGTHS, ibanCheckDigits, luhnCheckDigit } from './checksums.js';
import { createRedactor } from './create-redactor.js';
import { REDACTION_KINDS } from './kinds.js';
import { PlaceholderScope } from './placeholder-scope.js';

const redactor = createRedactor({ custom: [{ name: 'TICKET', pattern: 'TCK-[0-9]{5}' }] });
const redact = (text: string): string => redactor.redactText(text, new PlaceholderScope());

const VOCABULARY = 'the order was shipped and my parcel never came please refund me thanks for help with account invoice delivery size jacket tent where is it today call email card key'.split(' ');
const word = fc.constantFrom(...VOCABULARY);
const separator = fc.constantFrom(' ', ', ', '; ', '\n', ' (', ') ', ': ', ' - ', '. ', ' "', '" ');

const digitString = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));
const charsOf = (alphabet: string, min: number, max: number) => fc.array(fc.constantFrom(...alphabet), { minLength: min, maxLength: max }).map((c) => c.join(''));
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const ALNUM = `${LOWER}${UPPER}0123456789`;
const B64URL = `${ALNUM}-_`;

/** Groups a digit string in fours, joined by `sep` (the last group may be short, as printed). */
function groupsOfFour(s: string, sep: string): string {
  return s.replace(/(.{4})(?=.)/g, `$1${sep}`);
}

const email = fc
  .tuple(charsOf(`${LOWER}0123456789`, 1, 10), fc.option(fc.tuple(fc.constantFrom('.', '_', '+', '-'), charsOf(LOWER, 1, 6)), { nil: undefined }), fc.array(charsOf(`${LOWER}0123456789`, 1, 10), { minLength: 1, maxLength: 3 }), charsOf(LOWER, 2, 6))
  .map(([local, tag, labels, tld]) => `${local}${tag ? tag.join('') : ''}@${labels.join('.')}.${tld}`);

const nanp = fc
  .tuple(fc.integer({ min: 2, max: 9 }), digitString(2, 2), fc.integer({ min: 2, max: 9 }), digitString(2, 2), digitString(4, 4), fc.integer({ min: 0, max: 4 }))
  .map(([a1, a, e1, e, line, style]) => {
    const area = `${a1}${a}`;
    const exchange = `${e1}${e}`;
    return [`(${area}) ${exchange}-${line}`, `${area}-${exchange}-${line}`, `${area}.${exchange}.${line}`, `${area} ${exchange} ${line}`, `+1 ${area} ${exchange} ${line}`][style]!;
  });
const international = fc
  .tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 9 }), digitString(7, 11), fc.constantFrom(' ', '-', ''))
  .map(([cc, first, rest, sep]) => `+${cc} ${first}${rest}`.replace(/(\d{3})(?=\d{2})/g, `$1${sep}`));
const trunk = fc.tuple(digitString(2, 2), digitString(4, 4), digitString(4, 4), fc.constantFrom(' ', '-')).map(([a, b, c, sep]) => `0${a}${sep}${b}${sep}${c}`);
const phone = fc.oneof(nanp, international, trunk);

const card = fc
  .tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 13, max: 19 }), digitString(18, 18), fc.constantFrom('', ' ', '-'))
  .map(([first, length, body, sep]) => {
    const payload = `${first}${body}`.slice(0, length - 1);
    const digits = payload + luhnCheckDigit(payload);
    return sep === '' ? digits : groupsOfFour(digits, sep);
  });

const COUNTRIES = Object.keys(IBAN_LENGTHS);
const iban = fc
  .tuple(fc.constantFrom(...COUNTRIES), charsOf(`${UPPER}0123456789012345678901234567890123456789`, 30, 30), fc.boolean())
  .map(([country, body, grouped]) => {
    const bban = body.slice(0, IBAN_LENGTHS[country]! - 4);
    const compact = `${country}${ibanCheckDigits(country, bban)}${bban}`;
    return grouped ? groupsOfFour(compact, ' ') : compact;
  });

const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const hexGroup = charsOf('0123456789abcdefABCDEF', 1, 4);
const ipv6 = fc
  .tuple(fc.array(hexGroup, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 6 }))
  .map(([groups, at, drop]) => {
    if (drop === 0) return groups.join(':');
    // Compress `drop` groups at `at`, keeping at least two written groups.
    const n = Math.min(drop, 6);
    const start = Math.min(at, 8 - n);
    return `${groups.slice(0, start).join(':')}::${groups.slice(start + n).join(':')}`;
  });

const apiKey = fc.oneof(
  fc.tuple(fc.constantFrom('sk-', 'sk-proj-', 'sk-ant-api03-'), charsOf(B64URL, 20, 48)).map(([p, b]) => `${p}${b}`),
  charsOf(`${UPPER}0123456789`, 16, 16).map((b) => `AKIA${b}`),
  charsOf(ALNUM, 36, 36).map((b) => `ghp_${b}`),
  charsOf(`${ALNUM}_`, 82, 82).map((b) => `github_pat_${b}`),
  fc.tuple(fc.constantFrom('b', 'a', 'p', 'r', 's'), digitString(10, 13), charsOf(ALNUM, 24, 24)).map(([t, n, b]) => `xox${t}-${n}-${b}`),
  charsOf(B64URL, 35, 35).map((b) => `AIza${b}`),
  fc.tuple(charsOf(B64URL, 10, 40), charsOf(B64URL, 10, 60), charsOf(B64URL, 0, 43)).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`),
);
// `Bearer <token>`: the token is the secret; it has a digit and does not end in '.'.
const bearerToken = fc.tuple(charsOf(`${ALNUM}-._~+/`, 7, 40), fc.integer({ min: 0, max: 9 })).map(([t, d]) => `${t}${d}`);

/** Each generated secret: how it is written in the text, and the part that must not survive. */
const secret: fc.Arbitrary<{ written: string; value: string }> = fc.oneof(
  ...[email, phone, card, iban, ipv4, ipv6, apiKey].map((a) => a.map((v) => ({ written: v, value: v }))),
  bearerToken.map((t) => ({ written: `Bearer ${t}`, value: t })),
  digitString(5, 5).map((d) => ({ written: `TCK-${d}`, value: `TCK-${d}` })),
);

const token = fc.oneof(word.map((w) => ({ written: w, value: null as string | null })), secret);
const text = fc.tuple(fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 12 })).map(([parts]) => ({
  text: parts.map(([t, sep]) => t.written + sep).join(''),
  secrets: parts.map(([t]) => t.value).filter((v): v is string => v !== null),
}));

const placeholder = fc.tuple(fc.constantFrom(...REDACTION_KINDS, 'TICKET'), fc.integer({ min: 1, max: 40 })).map(([k, n]) => `<${k}_${n}>`);

describe('redaction properties', () => {
  it('lets no generated secret of any kind survive, wherever it sits among words', () => {
    fc.assert(
      fc.property(text, ({ text: t, secrets }) => {
        const out = redact(t);
        for (const s of secrets) expect(out).not.toContain(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: already-redacted text, placeholders included, comes back unchanged in a fresh scope', () => {
    const withPlaceholders = fc.array(fc.oneof(text.map((t) => t.text), placeholder, word), { minLength: 1, maxLength: 8 }).map((xs) => xs.join(' '));
    fc.assert(
      fc.property(withPlaceholders, (x) => {
        const once = redact(x);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent on arbitrary character soup too', () => {
    const soup = fc.array(fc.oneof(charsOf('0123456789 .-+:@<>_()abcdefEFGHIJKLMNOPQRSTUVWXYZ', 1, 30), placeholder), { maxLength: 10 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(soup, (x) => {
        const once = redact(x);
        expect(redact(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never changes text with no secrets: words, small numbers, amounts, dates, times and ids', () => {
    const harmless = fc.oneof(
      fc.integer({ min: 0, max: 9999 }).map(String),
      fc.tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `$${a.toLocaleString('en-US')}.${String(b).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
      fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1990, max: 2030 })).map(([d, m, y]) => `${d}/${m}/${y}`),
      fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
      fc.integer({ min: 1000, max: 99999 }).map((n) => `INV-${n}`),
      fc.integer({ min: 100000, max: 999999999 }).map((n) => `#${n}`),
      fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => `${a}.${b}%`),
    );
    // Numbers are always separated by a word, as in prose ("3 items for $12.50 on 2024-05-01").
    const prose = fc.array(fc.tuple(word, separator, harmless, separator), { minLength: 1, maxLength: 15 }).map((xs) => xs.map((x) => x.join('')).join(''));
    fc.assert(
      fc.property(prose, (t) => {
        expect(redact(t)).toBe(t);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports counts exactly when it changed the sample, and never touches the input', () => {
    const maybeSecret = fc.oneof(text, fc.array(word, { minLength: 1, maxLength: 6 }).map((w) => ({ text: w.join(' '), secrets: [] as string[] })));
    fc.assert(
      fc.property(maybeSecret, maybeSecret, maybeSecret, (user, args, note) => {
        const sample: TrafficSample = {
          id: 's',
          timestamp: '2024-06-01T12:00:00Z',
          request: {
            model: 'm',
            messages: [
              { role: 'user', content: user.text },
              { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: JSON.stringify({ q: args.text }) } }] },
            ],
          },
          metadata: { note: note.text },
        };
        const before = JSON.stringify(sample);
        const { sample: out, counts } = redactor.redactSample(sample);
        expect(JSON.stringify(sample)).toBe(before);
        expect(Object.keys(counts).length === 0).toBe(JSON.stringify(out) === before);
        // Sharing unchanged parts gives the same sample, still without touching the input; with nothing to
        // redact it is the input itself.
        const shared = redactor.redactSample(sample, { share: true });
        expect(shared).toEqual({ sample: out, counts });
        expect(JSON.stringify(sample)).toBe(before);
        expect(shared.sample === sample).toBe(Object.keys(counts).length === 0);
        expect(JSON.parse(out.request.messages[1]!.tool_calls![0]!.function.arguments)).toEqual({ q: expect.any(String) });
        for (const secret of [...user.secrets, ...args.secrets, ...note.secrets]) expect(JSON.stringify(out)).not.toContain(JSON.stringify(secret).slice(1, -1));
      }),
      { numRuns: 500 },
    );
  });

  it('remembers long clean texts without changing any result: a warm redactor answers as a fresh one', () => {
    // Long texts (remembered from 128 characters), some clean, some with secrets or literal placeholders,
    // seen again in other scopes and other samples.
    const padding = fc.array(word, { minLength: 30, maxLength: 40 }).map((w) => w.join(' '));
    const long = fc.tuple(padding, fc.oneof(fc.constant(''), text.map((t) => t.text), placeholder)).map(([p, x]) => `${p} ${x}`);
    const warm = createRedactor({ custom: [{ name: 'TICKET', pattern: 'TCK-[0-9]{5}' }] });
    fc.assert(
      fc.property(fc.array(long, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), (texts, picks) => {
        const pick = (i: number) => texts[picks[i]! % texts.length]!;
        const sample: TrafficSample = {
          id: 's',
          timestamp: '2024-06-01T12:00:00Z',
          request: { model: 'm', messages: [{ role: 'system', content: pick(0) }, { role: 'user', content: pick(1) }] },
          metadata: { note: pick(2) },
        };
        for (const t of texts) expect(warm.redactText(t, new PlaceholderScope())).toBe(redact(t));
        const fresh = createRedactor({ custom: [{ name: 'TICKET', pattern: 'TCK-[0-9]{5}' }] });
        expect(warm.redactSample(sample, { share: true })).toEqual(fresh.redactSample(sample));
      }),
      { numRuns: 300 },
    );
  });
});
