/** The built-in detector kinds; each kind is also the prefix of its placeholders (`<EMAIL_1>`). */
export const REDACTION_KINDS = ['EMAIL', 'PHONE', 'CARD', 'IBAN', 'IP', 'SECRET'] as const;

/** One built-in kind of secret or PII. */
export type RedactionKind = (typeof REDACTION_KINDS)[number];

/** A user-supplied pattern: matches become `<NAME_n>` (the name upper-cased). */
export interface CustomPattern {
  name: string;
  pattern: string;
  flags?: string;
}

/** What `createRedactor` detects: built-in kinds (default all) plus custom patterns. */
export interface RedactorOptions {
  kinds?: readonly RedactionKind[];
  custom?: readonly CustomPattern[];
}

/** Detection order when two matches overlap: the lower number wins (validated, specific kinds first). */
export const KIND_PRIORITY: Readonly<Record<RedactionKind, number>> = {
  SECRET: 0,
  EMAIL: 1,
  IBAN: 2,
  CARD: 3,
  IP: 4,
  PHONE: 5,
};

/** Custom patterns rank after every built-in kind, in the order they were given. */
export const CUSTOM_PRIORITY_BASE = 100;

/** Returns whether `kind` names a built-in kind. */
export function isRedactionKind(kind: string): kind is RedactionKind {
  return (REDACTION_KINDS as readonly string[]).includes(kind);
}
