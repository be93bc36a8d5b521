import { describe, expect, it } from 'vitest';
import { formatBytes, formatCounts, splitPlaceholders } from './format.js';

describe('formatCounts', () => {
  it('lists kinds largest first, ties by name, and leaves out zeros', () => {
    expect(formatCounts({ CARD: 1, EMAIL: 3 })).toBe('EMAIL 3 · CARD 1');
    expect(formatCounts({ PHONE: 2, API_KEY: 2, IBAN: 0 })).toBe('API_KEY 2 · PHONE 2');
    expect(formatCounts({})).toBe('');
  });
});

describe('splitPlaceholders', () => {
  it('separates <KIND_n> placeholders from the text around them', () => {
    expect(splitPlaceholders('Mail <EMAIL_1> or <API_KEY_12>.')).toEqual([
      { text: 'Mail ', placeholder: false },
      { text: '<EMAIL_1>', placeholder: true },
      { text: ' or ', placeholder: false },
      { text: '<API_KEY_12>', placeholder: true },
      { text: '.', placeholder: false },
    ]);
    expect(splitPlaceholders('<CARD_1><CARD_2>')).toEqual([
      { text: '<CARD_1>', placeholder: true },
      { text: '<CARD_2>', placeholder: true },
    ]);
  });

  it('leaves look-alikes as text', () => {
    for (const text of ['<email_1>', '<EMAIL>', '<EMAIL_x>', 'a < b > c', '<div>', '']) {
      expect(splitPlaceholders(text).filter((p) => p.placeholder)).toEqual([]);
      expect(splitPlaceholders(text).map((p) => p.text).join('')).toBe(text);
    }
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect([formatBytes(0), formatBytes(812), formatBytes(1536), formatBytes(5 * 1024 * 1024), formatBytes(3 * 1024 ** 3)]).toEqual(['0 B', '812 B', '1.5 KB', '5.0 MB', '3.0 GB']);
  });
});
