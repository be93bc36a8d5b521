// `npm run bench -- suite-open [cases]`: the Suites screen's first open of a big suite file (default 5,000 traffic-drafted
// cases, about 11 MB): reading and validating it (viewSuite), then linting it (suiteFindings), then listing the
// workspace's suites (suiteSummaries, from the caches) and `suite lint` as the CLI runs it (lintSuite on the path).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { setCaseStatus } from '../engine/suites/case-status.js';
import { lintSuite } from '../engine/suites/lint-suite.js';
import { saveCaseExpectations } from '../engine/suites/save-expectations.js';
import { suiteFindings, suiteSummaries } from '../engine/suites/suite-lint-view.js';
import { viewSuite } from '../engine/suites/suite-file-view.js';
import { openStore } from '../engine/store/index.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';
import { emit } from './bench-output.js';

const count = Number(process.argv[2] ?? 5_000);
const words = 'the customer asked about an invoice refund delivery account password order shipping address plan upgrade'.split(' ');
const prose = (seed: number, n: number) => Array.from({ length: n }, (_, i) => words[(seed * 7 + i * 13) % words.length]).join(' ');
const slices = ['billing', 'pii', 'doc_qa', 'refunds', 'shipping'];

/** One case as `suite create --from-samples` drafts it: provenance, status, expectations, the recorded answer. */
function draftedCase(i: number): Record<string, unknown> {
  const slice = slices[i % slices.length]!;
  return {
    id: `traffic-${(0x10000000 + i * 7919).toString(16)}`,
    slice,
    severity: 'medium',
    origin: 'traffic',
    status: i % 3 === 0 ? 'active' : 'draft',
    provenance: { source: 'capture', file: 'captures/support.jsonl', line: i + 1, trace_id: `cap_${i}`, sample_id: i + 1, fingerprint: (0xabcdef00 + i).toString(16), captured_at: '2026-11-30T10:00:00Z' },
    expectations: [
      { type: 'no_refusal' },
      ...(slice === 'pii' ? [{ type: 'contains', value: i % 2 ? '<EMAIL_1>' : '<EMAIL_2>' }] : [{ type: 'regex', pattern: `(refund|invoice|order) ?#?${i % 10}` }]),
      { type: 'length', max_chars: 2000 },
    ],
    input: {
      messages: [
        { role: 'system', content: `You are a support assistant. ${prose(i, 60)}` },
        { role: 'user', content: `${slice === 'pii' ? 'My e-mail is <EMAIL_1>. ' : ''}${prose(i + 1, 90)}` },
      ],
      params: { temperature: 0.2, max_tokens: 400 },
    },
    recorded: { text: prose(i + 2, 80), finish_reason: 'stop', tool_calls: [], prompt_tokens: 300, completion_tokens: 120, latency_ms: 800 + (i % 50), cost_usd: 0.0004 },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'canary-gate-bench-suite-'));
try {
  initWorkspace(dir);
  const file = join(dir, 'evals', 'suites', 'big.yaml');
  writeFileSync(file, `# yaml-language-server: $schema=../../schemas/suite.schema.json\n${stringify({ name: 'big', description: 'drafted from traffic', cases: Array.from({ length: count }, (_, i) => draftedCase(i)) }, { lineWidth: 0 })}`);
  emit({ bench: 'suite-open', metric: `file size (${count} cases)`, value: statSync(file).size / 1e6, unit: 'MB' });
  const workspace = openWorkspace(dir);
  const store = openStore(workspace.databaseFile);
  const time = <T>(f: () => T): [T, number] => {
    const t = performance.now();
    const out = f();
    return [out, performance.now() - t];
  };
  const [viewed, readMs] = time(() => viewSuite(dir, 'evals/suites/big.yaml'));
  emit({ bench: 'suite-open', metric: 'read + validate (viewSuite)', value: readMs, unit: 'ms' });
  const [findings, lintMs] = time(() => suiteFindings(viewed, workspace, store));
  emit({ bench: 'suite-open', metric: 'lint (suiteFindings)', value: lintMs, unit: 'ms' });
  emit({ bench: 'suite-open', metric: 'first open (read + validate + lint)', value: readMs + lintMs, unit: 'ms' });
  // What the cache keeps for the open file (its value, text and parsed document): only after a full collection
  // (node --expose-gc), else the figure would count garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    emit({ bench: 'suite-open', metric: 'heap used after open', value: process.memoryUsage().heapUsed / 1e6, unit: 'MB' });
  }
  emit({ bench: 'suite-open', metric: 'lint findings', value: findings.length, unit: 'findings' });
  emit({ bench: 'suite-open', metric: 'suites.list after open (cached)', value: time(() => suiteSummaries(workspace, store))[1], unit: 'ms' });
  emit({ bench: 'suite-open', metric: 'suite lint as the CLI runs it (lintSuite on the path)', value: time(() => lintSuite(file, store, workspace.config))[1], unit: 'ms' });
  // A review on the screen: a status change, then the file read again; an expectations save, then read again.
  const id = viewed.cases[1]!.evalCase.id;
  emit({ bench: 'suite-open', metric: 'status change (setCaseStatus)', value: time(() => setCaseStatus(file, id, 'active', 'bench'))[1], unit: 'ms' });
  const [reread, rereadMs] = time(() => viewSuite(dir, 'evals/suites/big.yaml'));
  emit({ bench: 'suite-open', metric: 'read after the status change (viewSuite)', value: rereadMs, unit: 'ms' });
  emit({ bench: 'suite-open', metric: 'expectations save (saveCaseExpectations)', value: time(() => saveCaseExpectations(reread, id, '- type: no_refusal\n'))[1], unit: 'ms' });
  emit({ bench: 'suite-open', metric: 'read after the save (viewSuite)', value: time(() => viewSuite(dir, 'evals/suites/big.yaml'))[1], unit: 'ms' });
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
