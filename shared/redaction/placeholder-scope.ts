/**
 * Numbers placeholders within one scope (one conversation): the same value of a kind always gets the
 * same token, distinct values get `<KIND_1>`, `<KIND_2>`, … in order of first appearance.
 */
export class PlaceholderScope {
  private readonly tokens = new Map<string, string>();
  private readonly nextNumber = new Map<string, number>();
  private readonly issued = new Set<string>();
  private readonly reserved: Set<string>;
  private readonly tally: Record<string, number> = {};
  private total = 0;
  private collision = false;

  /** Starts a scope; `reserved` tokens are never issued (they already occur literally in the text). */
  constructor(reserved: Iterable<string> = []) {
    this.reserved = new Set(reserved);
  }

  /** Returns the placeholder for this value of `kind`, issuing the next free number on first sight; counts the occurrence. */
  placeholderFor(kind: string, key: string): string {
    this.tally[kind] = (this.tally[kind] ?? 0) + 1;
    this.total++;
    const mapKey = `${kind}\u0000${key}`;
    const known = this.tokens.get(mapKey);
    if (known !== undefined) return known;
    let n = this.nextNumber.get(kind) ?? 1;
    let token = `<${kind}_${n}>`;
    // Skip numbers that already appear literally, so a placeholder never stands for two things.
    while (this.reserved.has(token)) token = `<${kind}_${++n}>`;
    this.nextNumber.set(kind, n + 1);
    this.tokens.set(mapKey, token);
    this.issued.add(token);
    return token;
  }

  /** Records a placeholder-shaped token found literally in the input, so it is not issued for a different value. */
  reserve(token: string): void {
    if (this.reserved.has(token)) return;
    // Issued before we saw it literally: numbering must be redone with it reserved (see redactSample).
    if (this.issued.has(token)) this.collision = true;
    this.reserved.add(token);
  }

  /** Whether a literal token turned up after the same token had been issued for a real value. */
  get collided(): boolean {
    return this.collision;
  }

  /** The literal tokens seen so far (to seed a fresh scope after a collision). */
  reservedTokens(): string[] {
    return [...this.reserved];
  }

  /** Occurrences replaced so far, all kinds together. */
  get replaced(): number {
    return this.total;
  }

  /** Occurrences replaced so far, per kind (`{ EMAIL: 2, CARD: 1 }`); kinds never seen are absent. */
  counts(): Record<string, number> {
    return { ...this.tally };
  }
}
