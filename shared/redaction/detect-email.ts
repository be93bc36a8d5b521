import { KIND_PRIORITY } from './kinds.js';
import type { Detector, Match, TextFeatures } from './detector.js';

/** Non-ASCII letters may appear in addresses (RFC 6531); punctuation blocks and spaces may not. */
function isWideLetter(c: number): boolean {
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && !(c >= 0x2000 && c <= 0x2bff) && !(c >= 0x3000 && c <= 0x303f) && !(c >= 0xfe30 && c <= 0xfe4f) && !(c >= 0xff00 && c <= 0xff0f) && c !== 0xfeff;
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Local-part characters: RFC 5322 atext minus the rare ones that are mostly punctuation in prose. */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 /* . */ || c === 95 /* _ */ || c === 37 /* % */ || c === 43 /* + */ || c === 45 /* - */ || isWideLetter(c);
}

function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45 || isWideLetter(c);
}

function isTld(label: string): boolean {
  if (label.length < 2) return false;
  if (label.startsWith('xn--')) return true;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i) | 0x20;
    if (!((c >= 97 && c <= 122) || isWideLetter(label.charCodeAt(i)))) return false;
  }
  return true;
}

/** Length of the longest prefix of `domain` that is a valid host name with a TLD, or 0. */
function validDomainLength(domain: string): number {
  const labels = domain.split('.');
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || label.startsWith('-') || label.endsWith('-')) return 0;
  }
  // Drop trailing labels that cannot be a TLD ("a@b.com-x" is not an address, "a@b.co.uk" is).
  let n = labels.length;
  while (n >= 2 && !isTld(labels[n - 1]!)) n--;
  if (n < 2) return 0;
  return labels.slice(0, n).join('.').length;
}

/**
 * E-mail addresses, found by scanning out from each '@' rather than by a regex over the whole text:
 * the cost is proportional to the number of '@', and there is nothing to backtrack.
 */
export const emailDetector: Detector = {
  kind: 'EMAIL',
  priority: KIND_PRIORITY.EMAIL,
  trigger: '@',
  find(text: string, features: TextFeatures, out: Match[]): void {
    if (!features.hasAt) return;
    let at = text.indexOf('@');
    while (at !== -1) {
      let start = at;
      while (start > 0 && isLocalChar(text.charCodeAt(start - 1))) start--;
      while (start < at && text.charCodeAt(start) === 46) start++;
      let end = at + 1;
      while (end < text.length && isDomainChar(text.charCodeAt(end))) end++;
      while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
      const domainLength = start < at && end > at + 1 ? validDomainLength(text.slice(at + 1, end)) : 0;
      if (domainLength > 0) {
        end = at + 1 + domainLength;
        out.push({ start, end, kind: 'EMAIL', key: text.slice(start, end).toLowerCase(), priority: KIND_PRIORITY.EMAIL });
      }
      at = text.indexOf('@', Math.max(at + 1, end));
    }
  },
};
