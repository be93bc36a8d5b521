/**
 * A small memory of something computed from long strings that recur. Captured traffic repeats its long texts
 * (system prompts, retrieved documents, tool definitions) from sample to sample, so work done per string — hashing
 * it, scanning it for secrets — is worth remembering for the last few hundred of them.
 *
 * A string is looked up by its length and a few of its characters, then confirmed by comparing the whole string: a hit is
 * always for an equal string, never a guess. Bounded in entries and in characters held; when either bound is
 * reached it forgets everything at once (cheap, and the recurring strings come straight back).
 */
export class RecentStrings<V> {
  private readonly entries = new Map<number, { text: string; value: V }>();
  private chars = 0;

  constructor(
    private readonly maxEntries = 512,
    private readonly maxChars = 1 << 19,
  ) {}

  get(text: string): V | undefined {
    const e = this.entries.get(lookupKey(text));
    return e !== undefined && e.text === text ? e.value : undefined;
  }

  set(text: string, value: V): void {
    // One string that would fill the memory by itself is not worth holding.
    if (text.length > this.maxChars >>> 2) return;
    if (this.entries.size >= this.maxEntries || this.chars + text.length > this.maxChars) this.clear();
    const key = lookupKey(text);
    const old = this.entries.get(key);
    if (old !== undefined) this.chars -= old.text.length;
    this.entries.set(key, { text, value });
    this.chars += text.length;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }
}

/**
 * A number from the length and nine characters spread over the string (a small integer, the cheapest Map key:
 * a key built as a string cost more than the work saved). Strings that share it share a slot, the later one
 * replacing the earlier.
 */
function lookupKey(text: string): number {
  const n = text.length;
  let h = n;
  for (let k = 0; k <= 8; k++) h = Math.imul(h ^ text.charCodeAt(((n - 1) * k) >>> 3), 0x9e3779b1);
  return h >>> 2;
}
