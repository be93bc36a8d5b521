/**
 * Refusal and abstention detection by phrase. Deliberately conservative: a phrase must appear near the
 * start of the answer (models lead with the refusal), so an answer that merely mentions "cannot" later on
 * is not counted as a refusal.
 */
const REFUSAL_PATTERNS: readonly RegExp[] = [
  /\bI(?:'m| am) (?:sorry|afraid),? but I (?:can(?:no|')t|won't|am unable to|'m unable to)\b/i,
  /\bI (?:can(?:no|')t|won't|will not|am not able to|'m not able to|am unable to|'m unable to) (?:help|assist|comply|provide|do that|share|support|fulfil|fulfill)\b/i,
  /\b(?:cannot|can't|won't) help with (?:that|this|requests? like)\b/i,
  /\bthat(?:'s| is) not something I can (?:help|do|assist)\b/i,
  /\bI must (?:decline|refuse)\b/i,
  /\b(?:against|violates?) (?:my|our|the) (?:guidelines|policy|policies|usage polic(?:y|ies))\b/i,
];

const ABSTENTION_PATTERNS: readonly RegExp[] = [
  /\bI don't know\b/i,
  /\bI do not know\b/i,
  /\b(?:not|isn't|is not) (?:mentioned |covered |stated |included |available )?in the (?:provided |given |available )?(?:documents?|context|sources?|knowledge base)\b/i,
  /\b(?:the )?(?:provided |given )?(?:documents?|context|sources?) (?:do(?:es)?n't|do(?:es)? not) (?:say|mention|contain|cover|include|specify|state)\b/i,
  /\bI (?:couldn't|could not|can't|cannot) find (?:that|this|any|the)\b/i,
  /\b(?:don't|do not) have (?:enough )?(?:information|details|data) (?:to|about|on)\b/i,
  /\bI(?:'m| am) not (?:sure|certain)\b/i,
  /\bunable to (?:answer|determine|confirm)\b/i,
];

/** How far into the answer a refusal or abstention phrase may start. */
export const LEAD_CHARS = 240;

/** The first phrase of the answer's lead that one of the patterns matches, as the answer wrote it; null when none does. */
function leadPhrase(text: string, patterns: readonly RegExp[]): string | null {
  const lead = text.slice(0, LEAD_CHARS);
  for (const p of patterns) {
    const m = p.exec(lead);
    if (m) return m[0];
  }
  return null;
}

/** The refusal phrase the answer leads with (e.g. "I can't help"), or null when it does not refuse. */
export function refusalPhrase(text: string): string | null {
  return leadPhrase(text, REFUSAL_PATTERNS);
}

/** The abstention phrase the answer leads with (e.g. "I don't know"), or null when it does not abstain. */
export function abstentionPhrase(text: string): string | null {
  return leadPhrase(text, ABSTENTION_PATTERNS);
}

/** True when the answer refuses the request. */
export function isRefusal(text: string): boolean {
  return refusalPhrase(text) !== null;
}

/** True when the answer abstains (says it does not know / the context does not say). */
export function isAbstention(text: string): boolean {
  return abstentionPhrase(text) !== null;
}
