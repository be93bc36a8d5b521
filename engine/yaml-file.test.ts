import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatePolicySchema } from '../shared/domain/policy.js';
import { suiteFileSchema } from '../shared/domain/suite.js';
import { workspaceConfigSchema } from '../shared/domain/target.js';
import { loadPolicy } from './gates/decide-run.js';
import { packageRoot } from './package-root.js';
import { readSuiteFile } from './suites/load-suite.js';
import { initWorkspace, openWorkspace } from './workspace.js';
import { parseYamlText } from './yaml-file.js';
import { inputError } from '../test-support/input-error.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-yaml-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CONFIG = `targets:
  baseline:
    provider: openai-chat
    base_url: sim
    model: sim-baseline
  candidate:
    provider: openai-chat
    base_url: sim
    model: sim-candidate
    sytem_prompt: |
      You are terse.
`;

const POLICY = `name: upgrade
gates:
  - name: Core task success
    metric: task_success
    kind: paired_proportion
    max_regression_points: 1.0
  - name: High-severity policy failures
    metric: high_severity_failures
    kind: new_failures
    critcal: true
`;

const SUITE = `name: support
traffic:
  slices: [doc_qa]
  expectations_by_slcie:
    doc_qa:
      - type: citations
        required: true
`;

describe('unknown keys in config files are errors (exit 2), not silently dropped', () => {
  it('canary-gate.yaml: a misspelled system_prompt of a target', () => {
    const root = join(tmp, 'ws-target');
    initWorkspace(root);
    const file = join(root, 'canary-gate.yaml');
    writeFileSync(file, CONFIG);
    const err = inputError(() => openWorkspace(root));
    expect(err.where).toEqual({ file, line: 10, field: 'targets.candidate.sytem_prompt' });
    expect(err.message).toBe('unknown key `sytem_prompt` — did you mean `system_prompt`?');
    expect(err.describe()).toBe(`${file}:10: targets.candidate.sytem_prompt: unknown key \`sytem_prompt\` — did you mean \`system_prompt\`?`);
  });

  it('a policy: a misspelled critical of a gate', () => {
    const file = join(tmp, 'policy.yaml');
    writeFileSync(file, POLICY);
    const err = inputError(() => loadPolicy(file));
    expect(err.where).toEqual({ file, line: 10, field: 'gates.1.critcal' });
    expect(err.message).toBe('unknown key `critcal` — did you mean `critical`?');
  });

  it('a suite: a misspelled expectations_by_slice', () => {
    const file = join(tmp, 'suite.yaml');
    writeFileSync(file, SUITE);
    const err = inputError(() => readSuiteFile(file));
    expect(err.where).toEqual({ file, line: 4, field: 'traffic.expectations_by_slcie' });
    expect(err.message).toBe('unknown key `expectations_by_slcie` — did you mean `expectations_by_slice`?');
  });

  const at = (text: string, schema: Parameters<typeof parseYamlText>[2]) => {
    const err = inputError(() => parseYamlText(text, 'x.yaml', schema));
    return `${err.where.line}: ${err.where.field}: ${err.message}`;
  };

  it('at every level of canary-gate.yaml', () => {
    const target = 'targets:\n  c:\n    provider: openai-chat\n    base_url: sim\n    model: m\n';
    expect(at('target:\n  c: {}\n', workspaceConfigSchema)).toBe('1: target: unknown key `target` — did you mean `targets`?');
    expect(at(`${target}    limits:\n      rpm: 10\n      tmp: 1000\n`, workspaceConfigSchema)).toBe('8: targets.c.limits.tmp: unknown key `tmp` — did you mean `tpm`?');
    expect(at('defaults:\n  concurrency: 2\n  timeout: 100\n', workspaceConfigSchema)).toBe('3: defaults.timeout: unknown key `timeout` — did you mean `timeout_ms`?');
    expect(at('prices:\n  gpt-x: { input_per_mtok: 1, output_per_mtok: 2, cached_per_mtok: 0.5 }\n', workspaceConfigSchema)).toMatch(
      /^2: prices\.gpt-x\.cached_per_mtok: unknown key `cached_per_mtok`/,
    );
    expect(at('import:\n  redact_pattern: []\n', workspaceConfigSchema)).toBe('2: import.redact_pattern: unknown key `redact_pattern` — did you mean `redact_patterns`?');
    expect(at('import:\n  redact_patterns:\n    - { name: T, patern: "x" }\n', workspaceConfigSchema)).toMatch(/^3: import\.redact_patterns\.0\.patern: unknown key `patern` — did you mean `pattern`\?/);
    // A misspelled key is reported before the required key it leaves missing.
    expect(at('targets:\n  c:\n    provider: openai-chat\n    base_url: sim\n    modle: m\n', workspaceConfigSchema)).toBe('5: targets.c.modle: unknown key `modle` — did you mean `model`?');
    // The value of an unknown key may start lines below it: the line is the key's.
    expect(at(`${target}    limit:\n      rpm: 10\n`, workspaceConfigSchema)).toBe('6: targets.c.limit: unknown key `limit` — did you mean `limits`?');
  });

  it('at every level of a policy, and a misspelled discriminator', () => {
    const gate = 'gates:\n  - metric: task_success\n    kind: paired_proportion\n    max_regression_points: 1\n';
    expect(at(`name: p\nbootstrap:\n  replicate: 500\n${gate}`, gatePolicySchema)).toBe('3: bootstrap.replicate: unknown key `replicate` — did you mean `replicates`?');
    expect(at(`name: p\nconfidnece: 0.9\n${gate}`, gatePolicySchema)).toBe('2: confidnece: unknown key `confidnece` — did you mean `confidence`?');
    expect(at('name: p\ngates:\n  - metric: task_success\n    knd: paired_proportion\n    max_regression_points: 1\n', gatePolicySchema)).toBe(
      '4: gates.0.knd: unknown key `knd` — did you mean `kind`?',
    );
    // A key of another kind of gate is unknown on this one.
    expect(at(`name: p\n${gate}    max_rate: 0.1\n`, gatePolicySchema)).toMatch(/^6: gates\.0\.max_rate: unknown key `max_rate`/);
  });

  it('at every level of a suite', () => {
    const input = '    input:\n      messages:\n        - { role: user, content: hi }\n';
    expect(at(`name: s\ncases:\n  - id: a\n${input}    expectation:\n      - type: refuse\n`, suiteFileSchema)).toBe(
      '7: cases.0.expectation: unknown key `expectation` — did you mean `expectations`?',
    );
    expect(at(`name: s\ncases:\n  - id: a\n${input}    expectations:\n      - type: contains\n        value: x\n        case_sensitiv: true\n`, suiteFileSchema)).toBe(
      '10: cases.0.expectations.0.case_sensitiv: unknown key `case_sensitiv` — did you mean `case_sensitive`?',
    );
    expect(at(`name: s\ncases:\n  - id: a\n${input}      documnets: []\n`, suiteFileSchema)).toBe('7: cases.0.input.documnets: unknown key `documnets` — did you mean `documents`?');
    expect(at(`name: s\ncases:\n  - id: a\n${input}      documents:\n        - { id: d1, txt: t }\n`, suiteFileSchema)).toMatch(/^8: cases\.0\.input\.documents\.0\.txt: unknown key `txt` — did you mean `text`\?/);
    expect(at(`name: s\ncases:\n  - id: a\n${input}    recorded:\n      text: x\n      finish_reason: stop\n      prompt_tokens: 1\n      completion_tokens: 1\n      latency: 5\n      latency_ms: 5\n      cost_usd: 0\n`, suiteFileSchema)).toMatch(
      /^12: cases\.0\.recorded\.latency: unknown key `latency`/,
    );
    expect(at('name: s\ntraffic:\n  expectations_by_slice:\n    doc_qa:\n      - { type: abstain, severty: high }\n', suiteFileSchema)).toBe(
      '5: traffic.expectations_by_slice.doc_qa.0.severty: unknown key `severty` — did you mean `severity`?',
    );
    expect(at('name: s\ncases:\n  - id: a\n    input:\n      messages: [{ role: user, content: hi }]\n    expectations:\n      - tpye: refuse\n', suiteFileSchema)).toBe(
      '7: cases.0.expectations.0.tpye: unknown key `tpye` — did you mean `type`?',
    );
  });

  it('keeps open what is open: provider params, headers, tools, slice maps, price tables and slices by name, chat messages', () => {
    const config = parseYamlText(
      `targets:
  c:
    provider: openai-chat
    base_url: sim
    model: m
    params: { temperature: 0, reasoning_effort: low, any_vendor_param: { x: 1 } }
    headers: { X-Team: gate }
    tool_policy: replace
    tools:
      - type: function
        function: { name: lookup, description: d, parameters: { type: object }, strict: true }
prices:
  my-fine-tune-2026: { input_per_mtok: 1, output_per_mtok: 2 }
import:
  slice_map: { /v1/billing: billing }
`,
      'x.yaml',
      workspaceConfigSchema,
    );
    expect(config.targets.c!.params).toEqual({ temperature: 0, reasoning_effort: 'low', any_vendor_param: { x: 1 } });
    expect(config.targets.c!.tools![0]!.function).toMatchObject({ description: 'd', strict: true });
    const suite = parseYamlText(
      `name: s
traffic:
  expectations_by_slice: { any-slice: [{ type: abstain }] }
  severity_by_slice: { any-slice: high }
cases:
  - id: a
    input:
      messages: [{ role: user, content: hi, name: alice, refusal: null }]
      params: { max_tokens: 50 }
`,
      'x.yaml',
      suiteFileSchema,
    );
    expect(suite.cases[0]!.input.messages[0]).toEqual({ role: 'user', content: 'hi', name: 'alice', refusal: null });
  });
});

describe('the shipped config files and what init writes still load', () => {
  const root = packageRoot();
  const yamlIn = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.yaml')).map((f) => join(root, dir, f));

  it('canary-gate.yaml, fixtures/workspace, evals/suites, evals/policies', () => {
    for (const file of [join(root, 'canary-gate.yaml'), join(root, 'fixtures', 'workspace', 'canary-gate.yaml')]) {
      expect(() => parseYamlText(readFileSync(file, 'utf8'), file, workspaceConfigSchema), file).not.toThrow();
    }
    for (const file of yamlIn('evals/suites')) expect(() => readSuiteFile(file), file).not.toThrow();
    for (const file of yamlIn('evals/policies')) expect(() => loadPolicy(file), file).not.toThrow();
  });

  it('a workspace made by init', () => {
    const ws = join(tmp, 'ws-init');
    const { created } = initWorkspace(ws);
    const opened = openWorkspace(ws);
    for (const rel of created.filter((f) => f.startsWith('evals/suites/'))) expect(() => readSuiteFile(join(ws, rel)), rel).not.toThrow();
    for (const rel of created.filter((f) => f.startsWith('evals/policies/'))) expect(() => loadPolicy(join(ws, rel)), rel).not.toThrow();
    expect(created).toContain(opened.config.defaults.suite);
    expect(created).toContain(opened.config.defaults.policy);
  });
});
