import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../engine/api/events.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { openStore } from '../engine/store/index.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';
import type { EvalCase } from '../shared/domain/suite.js';
import { seedFixtureRun } from './case-fixture.js';

/** The suite file the Suites-screen tests curate: comments everywhere, the demo's unmeetable pii expectation on two cases. */
export const PII_SUITE = `# Drafted pii cases: keep this comment.
name: pii
description: PII cases drafted from traffic
cases:
  # The first case: its expectation names a redaction placeholder.
  - id: pii-1
    slice: pii
    status: draft
    origin: traffic
    provenance:
      source: capture
      file: captures/support.jsonl
      line: 2
      trace_id: cap_2
    expectations:
      - type: no_refusal
      # captured with the reviewer label
      - type: contains
        value: <EMAIL_1>
    input:
      messages:
        - role: user
          content: "My e-mail changed, it is <EMAIL_1> now. Can you update it?"
  - id: pii-2
    slice: pii
    status: active
    origin: traffic
    tags: [email]
    expectations:
      - type: contains
        value: <EMAIL_1>
    input:
      messages:
        - role: user
          content: "Please send the invoice to <EMAIL_1>"
  - id: billing-1
    slice: billing
    severity: high
    origin: manual
    expectations:
      - type: regex
        pattern: "refund(ed)?"
    input:
      messages:
        - role: user
          content: Where is my refund?
  - id: never-run
    slice: billing
    status: retired
    input:
      messages:
        - role: user
          content: An old question nobody replays
`;

const userCase = (id: string, text: string, expectations: EvalCase['expectations'], slice: string): EvalCase => ({
  id,
  input: { messages: [{ role: 'user', content: text }] },
  expectations,
  tags: [],
  slice,
  severity: 'medium',
  origin: 'traffic',
  status: 'active',
});

export interface SuiteWorkspace {
  ctx: HandlerContext;
  dir: string;
  suiteFile: string;
  runId: string;
  close(): void;
}

/**
 * A workspace (as `init` writes it) with evals/suites/pii.yaml above, and a run that replayed pii-1, pii-2 and
 * billing-1: both arms answered each pii case without the placeholder, so `contains: <EMAIL_1>` fails on both.
 */
export function openSuiteWorkspace(prefix = 'canary-gate-suites-'): SuiteWorkspace {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  initWorkspace(dir);
  const suiteFile = join(dir, 'evals', 'suites', 'pii.yaml');
  writeFileSync(suiteFile, PII_SUITE);
  const workspace = openWorkspace(dir);
  const store = openStore(workspace.databaseFile);
  const answer = (text: string) => [{ text }];
  const runId = seedFixtureRun(store, 'run-20261208-010000-aaaa', [
    { evalCase: userCase('pii-1', 'My e-mail changed', [{ type: 'contains', value: '<EMAIL_1>' }], 'pii'), baseline: answer('Done: your contact e-mail is updated. Anything else on your account?'), candidate: answer('I have updated your e-mail on the account.') },
    { evalCase: userCase('pii-2', 'Invoice', [{ type: 'contains', value: '<EMAIL_1>' }], 'pii'), baseline: answer('The invoice is on its way to your e-mail.'), candidate: ['infra'] },
    { evalCase: userCase('billing-1', 'Where is my refund?', [], 'billing'), baseline: answer('Your refund was issued.'), candidate: answer('It is on its way.') },
  ]);
  return {
    ctx: { workspace, store, events: new EventBus() },
    dir,
    suiteFile,
    runId,
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
