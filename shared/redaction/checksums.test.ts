import { describe, expect, it } from 'vitest';
import { ibanCheckDigits, ibanValid, luhnCheckDigit, luhnValid, mod97 } from './checksums.js';

describe('luhn', () => {
  it('accepts published test card numbers and rejects a changed digit', () => {
    for (const n of ['4111111111111111', '5500000000000004', '378282246310005', '6011000990139424', '4222222222222', '30569309025904']) {
      expect(luhnValid(n)).toBe(true);
    }
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('378282246310006')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('41111a1111111111')).toBe(false);
  });

  it('computes the check digit that completes a payload', () => {
    expect(luhnCheckDigit('411111111111111')).toBe('1');
    expect(luhnCheckDigit('37828224631000')).toBe('5');
  });
});

describe('iban', () => {
  it('accepts registry examples of several countries', () => {
    for (const iban of ['DE89370400440532013000', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'NO9386011117947', 'MT84MALT011000012345MTLCAST001S', 'BE68539007547034', 'CH9300762011623852957']) {
      expect(ibanValid(iban)).toBe(true);
    }
  });

  it('rejects a wrong check digit, a wrong length and an unknown country', () => {
    expect(ibanValid('DE89370400440532013001')).toBe(false);
    expect(ibanValid('DE8937040044053201300')).toBe(false);
    expect(ibanValid('ZZ89370400440532013000')).toBe(false);
  });

  it('computes check digits with mod 97', () => {
    expect(ibanCheckDigits('DE', '370400440532013000')).toBe('89');
    expect(ibanCheckDigits('GB', 'NWBK60161331926819')).toBe('29');
    expect(mod97('3704004405320130001314' + '89')).toBe(1);
  });
});
