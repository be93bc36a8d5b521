import { KIND_PRIORITY } from './kinds.js';
import type { Detector, Match, TextFeatures } from './detector.js';

// One regex, one pass; every alternative starts with a fixed prefix, so non-candidates fail at once.
//  - OpenAI (sk-…, sk-proj-…) and Anthropic (sk-ant-…) keys
//  - AWS access key ids (long-lived AKIA, temporary ASIA)
//  - GitHub classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained (github_pat_) tokens
//  - Slack tokens (xoxb-, xoxp-, …) and Google API keys (AIza…)
//  - JWTs: base64url('{"') is "eyJ" for header and payload; the signature may be empty (alg none)
//  - `Bearer <token>` (RFC 6750 b64token): group 1 is the token; the scheme word stays readable
const SECRET = new RegExp(
  [
    String.raw`(?<![A-Za-z0-9_-])sk-[A-Za-z0-9_-]{20,}`,
    String.raw`(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])`,
    String.raw`(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,})`,
    String.raw`(?<![A-Za-z0-9])xox[baprs]-[A-Za-z0-9-]{10,}`,
    String.raw`(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35,}`,
    String.raw`(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*`,
    String.raw`(?<![A-Za-z])(?:Bearer|bearer|BEARER)[ \t]+([A-Za-z0-9\-._~+/]+=*)`,
  ].join('|'),
  'g',
);

const UNSIGNED_JWT = /^eyJ[A-Za-z0-9_-]*\.eyJ[A-Za-z0-9_-]*\.$/;

/**
 * Whether a word after "Bearer" looks like a credential rather than prose ("a Bearer authentication
 * scheme"): a digit in 8+ characters, or mixed case in 20+.
 */
function looksLikeToken(token: string): boolean {
  if (token.length >= 8 && /\d/.test(token)) return true;
  return token.length >= 20 && /[a-z]/.test(token) && /[A-Z]/.test(token);
}

/** API keys and tokens: OpenAI/Anthropic, AWS, GitHub, Slack, Google, JWTs and `Bearer` credentials. */
export const secretDetector: Detector = {
  kind: 'SECRET',
  priority: KIND_PRIORITY.SECRET,
  trigger: 'sk-|A(?:KIA|SIA|Iza)|gh[pousr]_|github_pat_|xox[baprs]-|eyJ|[Bb]earer|BEARER',
  find(text: string, _features: TextFeatures, out: Match[]): void {
    SECRET.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = SECRET.exec(text)) !== null) {
      let start = m.index;
      let value = m[0];
      const token = m[1];
      if (token !== undefined) {
        start = m.index + m[0].length - token.length;
        // A sentence-final '.' is punctuation, not part of the token; an unsigned JWT ends in its own '.'.
        value = UNSIGNED_JWT.test(token) ? token : token.replace(/\.+$/, '');
        if (!looksLikeToken(value)) continue;
      }
      out.push({ start, end: start + value.length, kind: 'SECRET', key: value, priority: KIND_PRIORITY.SECRET });
    }
  },
};
