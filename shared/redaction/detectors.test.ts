import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.js';
import type { RedactionKind } from './kinds.js';
import { PlaceholderScope } from './placeholder-scope.js';

const all = createRedactor();
const redact = (text: string): string => all.redactText(text, new PlaceholderScope());
const only = (kind: RedactionKind) => {
  const r = createRedactor({ kinds: [kind] });
  return (text: string): string => r.redactText(text, new PlaceholderScope());
};

describe('EMAIL', () => {
  const email = only('EMAIL');
  it('redacts addresses, including sub-domains, tags and a trailing full stop', () => {
    expect(email('Write to jane.doe+billing@mail.example.co.uk.')).toBe('Write to <EMAIL_1>.');
    expect(email('<bob@example.com>, (x_y@example.org)')).toBe('<<EMAIL_1>>, (<EMAIL_2>)');
    expect(email('mailto:ops@example.io;')).toBe('mailto:<EMAIL_1>;');
    expect(email('Jöhn@exämple.de')).toBe('<EMAIL_1>');
  });

  it('leaves things that are not addresses', () => {
    for (const text of ['@handle on twitter', 'user@localhost', 'a@b', 'price @ 5.00', 'foo@-bar.com', 'x@y.c', 'meet @ 10:00']) {
      expect(email(text)).toBe(text);
    }
  });
});

describe('PHONE', () => {
  const phone = only('PHONE');
  it('redacts international and national formats', () => {
    expect(phone('Call +1 415 555 0134 now')).toBe('Call <PHONE_1> now');
    expect(phone('Call (415) 555-0134 now')).toBe('Call <PHONE_1> now');
    expect(phone('London +44 20 7946 0958.')).toBe('London <PHONE_1>.');
    for (const text of ['+14155550134', '415-555-0134', '415.555.0134', '1-800-555-0134', '+49 (0)30 1234 5678', '020 7946 0958', '01 23 45 67 89', '07700 900123', '+33 1 23 45 67 89']) {
      expect(phone(`tel ${text}, thanks`)).toBe('tel <PHONE_1>, thanks');
    }
  });

  it('gives one number written two ways one placeholder', () => {
    expect(phone('(415) 555-0134 or +1 415 555 0134 or +44 20 7946 0958')).toBe('<PHONE_1> or <PHONE_1> or <PHONE_2>');
  });

  it('does not eat order ids, amounts, years, dates, times or invoice numbers', () => {
    for (const text of [
      'order 123456789',
      'order #4155550134',
      'total $1,234.56 or 1234567.89',
      'in 2024 and 1999',
      'on 2024-01-15 and 15/01/2024 and 01.02.2023',
      'at 05.06.2024 12:00',
      'invoice INV-1042 and INV-2024-000123',
      'room 100 200 3000',
      'version 10.2.3',
      'SSN-like 123-45-6789',
      'a temperature of +20 degrees',
      'ISO 2024-01-15T10:30:00Z',
    ]) {
      expect(phone(text)).toBe(text);
    }
  });
});

describe('CARD', () => {
  const card = only('CARD');
  it('redacts Luhn-valid numbers, plain or grouped with spaces or dashes', () => {
    expect(card('card 4111 1111 1111 1111 exp 12/27')).toBe('card <CARD_1> exp 12/27');
    expect(card('card 5500-0000-0000-0004.')).toBe('card <CARD_1>.');
    expect(card('amex 3782 822463 10005')).toBe('amex <CARD_1>');
    expect(card('raw 6011000990139424, ok')).toBe('raw <CARD_1>, ok');
    expect(card('visa13 4222222222222')).toBe('visa13 <CARD_1>');
  });

  it('finds two cards in a row and a card after other numbers', () => {
    expect(card('4111 1111 1111 1111 5500 0000 0000 0004')).toBe('<CARD_1> <CARD_2>');
    expect(card('ref 123 4111111111111111')).toBe('ref 123 <CARD_1>');
    expect(card('4111111111111111 and 4111-1111-1111-1111')).toBe('<CARD_1> and <CARD_1>');
  });

  it('leaves Luhn-invalid numbers, short or long runs and decimals', () => {
    for (const text of ['4111 1111 1111 1112', '5500000000000005', '411111111111', '41111111111111111111111', 'score 0.4111111111111111', '1.4111111111111111e-5', '4111111111111111.5']) {
      expect(card(text)).toBe(text);
    }
  });
});

describe('IBAN', () => {
  const iban = only('IBAN');
  it('redacts valid IBANs, grouped or compact, and stops at the registered length', () => {
    expect(iban('pay DE89 3704 0044 0532 0130 00 today')).toBe('pay <IBAN_1> today');
    expect(iban('pay GB29NWBK60161331926819.')).toBe('pay <IBAN_1>.');
    expect(iban('IBAN: FR14 2004 1010 0505 0001 3M02 606 BIC X')).toBe('IBAN: <IBAN_1> BIC X');
    expect(iban('de89 3704 0044 0532 0130 00')).toBe('<IBAN_1>');
    expect(iban('DE89370400440532013000 and DE89 3704 0044 0532 0130 00')).toBe('<IBAN_1> and <IBAN_1>');
    expect(iban('GB29NWBK60161331926819 NL91ABNA0417164300')).toBe('<IBAN_1> <IBAN_2>');
  });

  it('leaves a wrong check digit, an unknown country, a wrong length and a longer token', () => {
    for (const text of ['DE89 3704 0044 0532 0130 01', 'ZZ89370400440532013000', 'DE8937040044053201300', 'DE89370400440532013000X', 'AB12CDEF34567890']) {
      expect(iban(text)).toBe(text);
    }
  });
});

describe('IP', () => {
  const ip = only('IP');
  it('redacts IPv4 with octets in range', () => {
    expect(ip('from 192.168.1.10, then 10.0.0.1:8080 and 255.255.255.255.')).toBe('from <IP_1>, then <IP_2>:8080 and <IP_3>.');
  });

  it('redacts IPv6 in full, compressed and IPv4-suffixed forms', () => {
    expect(ip('a 2001:0db8:85a3:0000:0000:8a2e:0370:7334 b')).toBe('a <IP_1> b');
    expect(ip('a 2001:db8::1 b [2001:db8::1]:443 c')).toBe('a <IP_1> b [<IP_1>]:443 c');
    expect(ip('mapped ::ffff:192.0.2.128')).toBe('mapped <IP_1>');
    expect(ip('link fe80::1ff:fe23:4567:890a%eth0')).toBe('link <IP_1>%eth0');
    expect(ip('at 2001:DB8::1: gone')).toBe('at <IP_1>: gone');
  });

  it('leaves out-of-range octets, versions, times, MACs and code', () => {
    for (const text of ['256.1.1.1', '1.2.3.999', 'v1.2.3.4', '1.2.3.4.5', 'at 10:30:00', '00:1A:2B:3C:4D:5E', 'std::map<int>', 'loopback ::1', 'T10:30:00Z', '1:2:3:4:5:6:7:8:9']) {
      expect(ip(text)).toBe(text);
    }
  });
});

describe('SECRET', () => {
  const secret = only('SECRET');
  it('redacts API keys of each provider', () => {
    for (const key of [
      'sk-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
      'sk-proj-Ab3_xYz-0123456789abcdefghijKLMN',
      'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
      'AKIAIOSFODNN7EXAMPLE',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV',
      'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
      'AIzaSyA-1234567890abcdefghijklmnopqrstu',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ]) {
      expect(secret(`key=${key} end`)).toBe('key=<SECRET_1> end');
    }
  });

  it('redacts the token of a Bearer credential and keeps the scheme', () => {
    expect(secret('Authorization: Bearer abc123def456ghi789.')).toBe('Authorization: Bearer <SECRET_1>.');
    expect(secret('authorization: bearer mF_9.B5f-4.1JqM')).toBe('authorization: bearer <SECRET_1>');
  });

  it('leaves prose and key-like words that are too short', () => {
    for (const text of ['use a Bearer authentication scheme', 'sk-learn is a library', 'the task-based flow', 'AKIA is a prefix', 'ghp_short', 'eyJ alone', 'xoxb-short']) {
      expect(secret(text)).toBe(text);
    }
  });
});

describe('all kinds together', () => {
  it('numbers each kind separately, by first appearance', () => {
    expect(redact('a@x.com b@x.com a@x.com 4111111111111111 10.0.0.1')).toBe('<EMAIL_1> <EMAIL_2> <EMAIL_1> <CARD_1> <IP_1>');
  });

  it('prefers the validated kind when matches overlap, then redacts what remains', () => {
    expect(redact('+1 415 555 0134 4111 1111 1111 1111')).toBe('<PHONE_1> <CARD_1>');
    expect(redact('Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.')).toBe('Bearer <SECRET_1>');
  });

  it('leaves ordinary support text untouched', () => {
    const text = 'Order #123456 (INV-1042) of 2024-05-01 shipped 3 items for $129.99; ETA 2 days, tracking 1Z999AA10123456784.';
    expect(redact(text)).toBe(text);
  });
});
