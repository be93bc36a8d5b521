import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { exitCodeForVerdict, type Verdict } from '../../shared/domain/gate-result.js';
import { InputError } from '../../engine/errors.js';
import { requiredPassVerdict, verifiedReportFacts } from '../../engine/reports/verified-report.js';
import { verifyArtifacts } from '../../engine/signing/index.js';
import type { Command } from '../command.js';
import { EXIT } from '../exit-codes.js';

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read ${what}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
}

/** `canary-gate verify`: check a signed gate report; exit 1 if anything was changed. */
export const verifyCommand: Command = {
  name: 'verify',
  summary: 'Verify a signed gate report envelope and every file it names; exit 1 if any byte changed (--require-pass: also 1/3 unless a complete run PASSed)',
  usage: 'verify <envelope.dsse.json> --key <public.pem> [--artifacts <dir>] [--require-pass]',
  options: { key: { type: 'string' }, artifacts: { type: 'string' }, 'require-pass': { type: 'boolean', default: false } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length !== 1 || typeof values.key !== 'string') {
      io.err('canary-gate verify: usage: canary-gate verify <envelope.dsse.json> --key <public.pem> [--artifacts <dir>] [--require-pass]');
      return EXIT.badInput;
    }
    const envelopePath = resolve(io.cwd, positionals[0]!);
    const keyPath = resolve(io.cwd, values.key);
    const result = verifyArtifacts({
      envelope: readText(envelopePath, 'envelope'),
      envelopePath,
      publicKeyPem: readText(keyPath, 'public key'),
      publicKeyPath: keyPath,
      ...(typeof values.artifacts === 'string' ? { artifactDir: resolve(io.cwd, values.artifacts) } : {}),
    });
    const verdict = (result.verdict ?? null) as Verdict | null;
    const facts = verifiedReportFacts(result);
    const labels = facts?.labels ?? [];
    const required = values['require-pass'] && verdict ? requiredPassVerdict(verdict, facts) : null;
    if (values.json) {
      io.out(JSON.stringify({ ok: result.ok, verdict, labels, ...(required ? { require_pass: { ok: required.verdict === 'PASS', reason: required.reason } } : {}), checks: result.checks }));
    } else {
      for (const c of result.checks) io.out(`${c.ok ? '✓' : '✗'} ${c.name}: ${c.detail}`);
      io.out(result.ok ? `Verified. The signed report's verdict is ${verdict}${labels.map((l) => ` · ${l}`).join('')}.` : 'VERIFICATION FAILED: do not trust this report.');
      if (facts?.incomplete) io.out(`INCOMPLETE: ${facts.incomplete.missing_calls} of ${facts.incomplete.expected_calls} calls of the run had no result when it was gated.`);
      if (result.ok && required?.reason) io.out(`--require-pass: not a pass: ${required.reason}.`);
    }
    if (!result.ok) return EXIT.fail;
    return required ? exitCodeForVerdict(required.verdict) : EXIT.ok;
  },
};
