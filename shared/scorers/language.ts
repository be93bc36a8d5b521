import { francAll } from 'franc-min';
import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import { quoted, type Verdict } from './reason.js';

/**
 * ISO 639-1 codes and the ISO 639-3 code franc-min reports for them: the languages franc-min knows that answers
 * are commonly written in (Chinese is detected as Mandarin `cmn`, Arabic as Standard Arabic `arb`, Persian as `pes`,
 * Malay as `zlm`, Swahili as `swh`).
 */
export const LANGUAGE_CODES: Readonly<Record<string, string>> = {
  en: 'eng', fr: 'fra', de: 'deu', es: 'spa', it: 'ita', pt: 'por', nl: 'nld', sv: 'swe', pl: 'pol', ru: 'rus',
  ja: 'jpn', zh: 'cmn', ko: 'kor', ar: 'arb', tr: 'tur', uk: 'ukr', cs: 'ces', ro: 'ron', hu: 'hun', hr: 'hrv',
  sr: 'srp', bs: 'bos', bg: 'bul', be: 'bel', kk: 'kaz', el: 'ell', fa: 'pes', ur: 'urd', hi: 'hin', mr: 'mar',
  bn: 'ben', ta: 'tam', te: 'tel', th: 'tha', vi: 'vie', id: 'ind', ms: 'zlm', tl: 'tgl', sw: 'swh',
};

const TO_639_1 = new Map(Object.entries(LANGUAGE_CODES).map(([two, three]) => [three, two]));
/**
 * Detection is restricted to these languages (plus the expected one): among all 82 of franc-min, short business
 * prose in a common language is often closer to a rarely written one (Swedish to Sundanese, Dutch to Afrikaans).
 */
const LIKELY = Object.values(LANGUAGE_CODES);

/**
 * Fewer letters than this and the language is not decided. Such an answer ("OK.", "Yes, 42.") PASSES, with a
 * reason that says it was too short to tell: a one-word answer is not evidence of a language switch, and failing
 * it would turn every terse answer into a false alarm.
 */
export const MIN_LANGUAGE_LETTERS = 20;

/** The franc-min (ISO 639-3) code of a 639-1 or 639-3 code, or undefined when franc-min does not know it. */
export function francCode(code: string): string | undefined {
  const c = code.toLowerCase();
  if (c.length === 2) return LANGUAGE_CODES[c];
  return TO_639_1.has(c) || KNOWN_639_3.has(c) ? c : undefined;
}

// Every language franc-min can report (its trigram models and its single-script languages).
const KNOWN_639_3 = new Set([
  'spa', 'eng', 'por', 'ind', 'fra', 'deu', 'jav', 'vie', 'ita', 'tur', 'pol', 'swh', 'sun', 'ron', 'hau', 'fuv', 'bos', 'hrv', 'nld', 'srp',
  'ckb', 'yor', 'uzn', 'zlm', 'ibo', 'ceb', 'tgl', 'hun', 'azj', 'ces', 'run', 'plt', 'qug', 'mad', 'nya', 'zyb', 'kin', 'zul', 'swe', 'lin',
  'som', 'hms', 'hnj', 'ilo', 'rus', 'ukr', 'koi', 'bel', 'bul', 'kaz', 'arb', 'urd', 'pes', 'skr', 'pbu', 'hin', 'mar', 'mai', 'bho', 'npi',
  'mag', 'cmn', 'ben', 'jpn', 'kor', 'tel', 'tam', 'guj', 'kan', 'mal', 'mya', 'pan', 'amh', 'tha', 'sin', 'ell',
]);

/** How a code reads in a reason: "fr (fra)". */
function label(three: string): string {
  const two = TO_639_1.get(three);
  return two ? `${two} (${three})` : three;
}

function letterCount(text: string): number {
  return text.match(/\p{L}/gu)?.length ?? 0;
}

/** language: the answer is written in the expected language; `value` is franc-min's relative score for it (1 = best match). */
export function scoreLanguage(spec: ScorerSpecOf<'language'>, text: string): Verdict {
  const expected = francCode(spec.expected);
  if (!expected) {
    const why = `unknown language code "${spec.expected}" (use ISO 639-1 such as en, or a 639-3 code franc-min knows)`;
    return { passed: false, detail: why, error: why };
  }
  const letters = letterCount(text);
  const only = LIKELY.includes(expected) ? LIKELY : [...LIKELY, expected];
  if (letters < MIN_LANGUAGE_LETTERS) {
    return { passed: true, detail: `too short to tell the language (${letters} letters, fewer than ${MIN_LANGUAGE_LETTERS}): not counted as a failure: ${quoted(text)}` };
  }
  const ranked = francAll(text, { only, minLength: 1 });
  const [top, topScore] = ranked[0] ?? ['und', 0];
  if (top === 'und') return { passed: true, detail: `no language recognised (no letters of a known script): not counted as a failure: ${quoted(text)}` };
  const score = Math.round((ranked.find(([lang]) => lang === expected)?.[1] ?? 0) * 1000) / 1000;
  const runnerUp = ranked[1];
  if (top === expected) {
    const margin = runnerUp ? `, next ${label(runnerUp[0])} at ${runnerUp[1].toFixed(2)}` : '';
    return { passed: true, detail: `written in ${label(top)}${margin}: ${quoted(text)}`, value: score };
  }
  return { passed: false, detail: `written in ${label(top)} (score ${topScore.toFixed(2)}), not ${label(expected)} (score ${score.toFixed(2)}): ${quoted(text)}`, value: score };
}
