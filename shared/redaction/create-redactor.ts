import type { TrafficSample } from '../domain/capture.js';
import { cardDetector } from './detect-card.js';
import { emailDetector } from './detect-email.js';
import { ibanDetector } from './detect-iban.js';
import { ipv4Detector, ipv6Detector } from './detect-ip.js';
import { phoneDetector } from './detect-phone.js';
import { secretDetector } from './detect-secret.js';
import { compileCustomPatterns } from './custom-patterns.js';
import type { Detector } from './detector.js';
import { isRedactionKind, REDACTION_KINDS, type RedactionKind, type RedactorOptions } from './kinds.js';
import { PlaceholderScope } from './placeholder-scope.js';
import { SampleWalker } from './redact-sample.js';
import { placeholderPattern, TextEngine } from './text-engine.js';

/** Redacts secrets and PII from text and from whole captured samples. */
export interface Redactor {
  /** Replaces every detected secret in `text` with its placeholder in `scope`; placeholders already there are kept. */
  redactText(text: string, scope: PlaceholderScope): string;
  /**
   * Redacts every person- or model-written string of a sample in one fresh scope; never mutates the input. The
   * result shares no object with the input, unless `share` is set: then what did not change is the input's own.
   */
  redactSample(sample: TrafficSample, opts?: { share?: boolean }): { sample: TrafficSample; counts: Record<string, number> };
}

const BUILT_IN: Readonly<Record<RedactionKind, readonly Detector[]>> = {
  EMAIL: [emailDetector],
  PHONE: [phoneDetector],
  CARD: [cardDetector],
  IBAN: [ibanDetector],
  IP: [ipv4Detector, ipv6Detector],
  SECRET: [secretDetector],
};

/** Builds a redactor for the chosen kinds (default all) and custom patterns; throws on an invalid option. */
export function createRedactor(options: RedactorOptions = {}): Redactor {
  const kinds = options.kinds ?? REDACTION_KINDS;
  for (const k of kinds) {
    if (!isRedactionKind(k)) throw new Error(`unknown redaction kind ${JSON.stringify(k)} (known: ${REDACTION_KINDS.join(', ')})`);
  }
  const builtIn = REDACTION_KINDS.filter((k) => kinds.includes(k)).flatMap((k) => BUILT_IN[k]);
  const custom = compileCustomPatterns(options.custom ?? []);
  // Placeholders of every kind are protected, enabled or not, so a text redacted with more kinds stays intact.
  const placeholders = placeholderPattern([...REDACTION_KINDS, ...custom.map((d) => d.kind)]);
  const full = new TextEngine([...builtIn, ...custom], placeholders);
  const identity = new TextEngine(
    builtIn.filter((d) => d.kind === 'EMAIL' || d.kind === 'PHONE'),
    placeholders,
  );

  const walker = new SampleWalker({ full, identity });

  return {
    redactText: (text, scope) => full.redact(text, scope),
    redactSample(sample, opts = {}) {
      const share = opts.share ?? false;
      let scope = new PlaceholderScope();
      let redacted = walker.redact(sample, scope, share);
      if (scope.collided) {
        // A literal "<EMAIL_1>" appeared after <EMAIL_1> had been issued for a real address: redo the
        // walk with every literal token reserved, so each placeholder stands for one thing only.
        scope = new PlaceholderScope(scope.reservedTokens());
        redacted = walker.redact(sample, scope, share);
      }
      return { sample: redacted, counts: scope.counts() };
    },
  };
}
