/** Contact details (e-mail addresses, phone numbers) in a text, in pattern order, without overlaps. */
export function findContacts(text: string, patterns: readonly RegExp[]): string[] {
  const found: { start: number; end: number; value: string }[] = [];
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    for (const m of text.matchAll(global)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      // A US-style pattern also matches the tail of an international number already taken.
      if (found.some((f) => start < f.end && end > f.start)) continue;
      found.push({ start, end, value: m[0] });
    }
  }
  return found.map((f) => f.value);
}
