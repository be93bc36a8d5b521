import { KIND_PRIORITY } from './kinds.js';
import type { Detector, Match, TextFeatures } from './detector.js';

// Four dot-separated 1-3 digit octets, not inside a longer dotted run ("1.2.3.4.5") or a word ("v1.2.3.4").
const IPV4 = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?!\w|\.\d)/g;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

function octetsValid(parts: readonly string[]): boolean {
  for (const p of parts) if (p.length === 0 || p.length > 3 || Number(p) > 255) return false;
  return true;
}

/** IPv4 addresses whose four octets are each 0-255. */
export const ipv4Detector: Detector = {
  kind: 'IP',
  priority: KIND_PRIORITY.IP,
  trigger: String.raw`\d`,
  find(text: string, features: TextFeatures, out: Match[]): void {
    if (!features.digitsAtLeast(4)) return;
    IPV4.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = IPV4.exec(text)) !== null) {
      if (!octetsValid(m[0].split('.'))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, kind: 'IP', key: m[0], priority: KIND_PRIORITY.IP });
    }
  },
};

/**
 * Returns the canonical lower-case form of an IPv6 address, or null. Compressed forms must keep at least
 * two groups: "::1" and "fe80::" are not about anybody, and "a::b" is more often code than an address.
 */
export function parseIpv6(s: string): string | null {
  let groups = s;
  let tailGroups = 0;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    if (!octetsValid(s.slice(lastColon + 1).split('.'))) return null;
    groups = s.slice(0, lastColon + 1);
    if (!groups.endsWith('::')) groups = groups.slice(0, -1);
    tailGroups = 2;
  }
  const halves = groups.split('::');
  if (halves.length > 2) return null;
  const parts: string[] = [];
  for (const half of halves) {
    if (half === '') continue;
    for (const g of half.split(':')) {
      if (!HEX_GROUP.test(g)) return null;
      parts.push(g);
    }
  }
  const total = parts.length + tailGroups;
  if (halves.length === 1 ? total !== 8 : total > 7 || total < 2) return null;
  return s.toLowerCase();
}

function isAddressChar(c: number): boolean {
  // hex digits, ':' and '.' (for an IPv4 tail)
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * IPv6 addresses in full, compressed ("2001:db8::1") and IPv4-suffixed forms. Found from each ':' by
 * expanding over address characters: a regex led by a hex digit would be tried at nearly every letter.
 */
export const ipv6Detector: Detector = {
  kind: 'IP',
  priority: KIND_PRIORITY.IP,
  trigger: ':',
  find(text: string, features: TextFeatures, out: Match[]): void {
    if (!features.hasColon) return;
    let colon = text.indexOf(':');
    while (colon !== -1) {
      let start = colon;
      while (start > 0 && isAddressChar(text.charCodeAt(start - 1))) start--;
      let end = colon + 1;
      while (end < text.length && isAddressChar(text.charCodeAt(end))) end++;
      const next = text.indexOf(':', end);
      while (start < colon && text.charCodeAt(start) === 46) start++;
      while (end > colon && text.charCodeAt(end - 1) === 46) end--;
      // Part of a longer word ("std::map", "T10:30:00Z") is not an address.
      const boundary = (start === 0 || !isWordChar(text.charCodeAt(start - 1))) && (end >= text.length || !isWordChar(text.charCodeAt(end)));
      let key = boundary ? parseIpv6(text.slice(start, end)) : null;
      // A sentence may go on with ':' ("at 2001:db8::1: …", "fe80::: "); then the colon is not the address.
      if (key === null && boundary && text.charCodeAt(end - 1) === 58) key = parseIpv6(text.slice(start, --end));
      if (key !== null) out.push({ start, end, kind: 'IP', key, priority: KIND_PRIORITY.IP });
      colon = next;
    }
  },
};
