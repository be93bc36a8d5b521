// Browser mode on the demo workspace: the pii traffic drafted into a suite file (suite create), one case carrying a
// captured label that requires a redaction placeholder (`contains: <EMAIL_2>`, the customer's old address as the
// import redacted it: no model can produce it, and both simulated arms fail it); on the Suites screen
// the case is found by its facets, flagged by lint, fixed in the expectation editor with the preview going from FAIL
// to PASS on both arms, saved into the YAML, reviewed (active, retired); a traffic sample and a case of the
// side-by-side view are added to suites. Screenshots of each state at both sizes, axe on each.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeDemo, openServedBrowser, type DemoWorkspace, type ServedBrowser } from './demo-browser.js';
import { fitsWidth, saveScreenshot, seriousAxeViolations, VIEWPORTS } from './look.js';
import { root, type ServeInfo } from './serve-process.js';

const cli = join(root, 'bin', 'canary-gate.js');
const PII = 'evals/suites/pii.yaml';
const FLAGGED_LABEL = "      - type: no_refusal\n      # the reviewer's label as captured: the import redacted the address in it\n      - type: contains\n        value: <EMAIL_2>\n";
const FIXED = '- type: no_refusal\n# the address is redacted: check that the change is confirmed instead\n- type: contains_any\n  values: [saved, updated]\n';

let demo: DemoWorkspace | undefined;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
let suiteFile: string;
let flaggedId: string;
const pageErrors: string[] = [];

/** Screenshots of the current state at both sizes, each checked by axe (serious and critical only) and for width. */
async function lookAt(name: string): Promise<void> {
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    await saveScreenshot(page, name);
    expect(await fitsWidth(page), `${name} fits ${size.width}×${size.height}`).toBe(true);
    expect(await seriousAxeViolations(page), `axe on ${name} at ${size.width}×${size.height}`).toEqual([]);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

/** Waits for a value the app shows after engine work (a write, then the file linted again). */
const until = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

const previewVerdicts = async (name: string) => {
  const row = page.locator(`[data-testid="preview-row"][data-name="${name}"]`);
  return [(await row.getByTestId('preview-baseline').textContent()) ?? '', (await row.getByTestId('preview-candidate').textContent()) ?? ''].map((t) => t.match(/PASS|FAIL|ERROR|SKIPPED/)?.[0]);
};

beforeAll(async () => {
  assertBuilt();
  demo = makeDemo('canary-gate-suites-e2e-', { simTimeScale: 0 });
  execFileSync(process.execPath, [cli, 'suite', 'create', '--from-samples', '--slice', 'pii', '--out', PII, '--author', 'drafter'], { cwd: demo.workspace, stdio: 'pipe', env: { ...process.env, CI: '1' } });
  suiteFile = join(demo.workspace, PII);
  // The first drafted case gets the label the demo's pii traffic was captured with before it was fixed.
  const text = readFileSync(suiteFile, 'utf8');
  const labels = '      - type: no_refusal\n      - type: pii_leak\n';
  expect(text).toContain(labels);
  writeFileSync(suiteFile, text.replace(labels, FLAGGED_LABEL));
  flaggedId = /- id: (sample-[0-9a-f]+)/.exec(text)![1]!;
  served = await openServedBrowser(demo.workspace, { timeout: 20_000, viewport: VIEWPORTS[0], errors: pageErrors });
  ({ info, page } = served);
}, 180_000);

afterAll(async () => {
  await served?.close();
  demo?.cleanup();
});

describe('browser mode: the Suites screen on the demo workspace', () => {
  it('lists the suite files with their counts and lint', async () => {
    await page.goto(`${info.link}#/suites`);
    const pii = page.locator(`[data-testid="suite-table"] tr[data-file="${PII}"]`);
    await pii.waitFor();
    // The placeholder in the edited case, and no active case yet (every drafted case awaits review).
    expect(await pii.locator('td').allTextContents()).toEqual(['40', '40', '0', '0', 'pii 40', '1 error, 1 warning']);
    expect(await page.locator('tr[data-file="evals/suites/support-bot.yaml"]').textContent()).toContain('plus imported traffic of billing, refunds, account, doc_qa, unanswerable, jailbreak, pii, tool_use');
    await lookAt('suites-list');
  });

  it('finds the flagged case by its facets, fixes it in the editor (FAIL → PASS on both arms), saves it into the YAML', async () => {
    await page.locator(`tr[data-file="${PII}"] a.suite-link`).click();
    await page.getByTestId('suite-case-list').waitFor();
    await page.locator('[data-facet="slice"][data-value="pii"]').click();
    await until(() => page.getByTestId('suite-count').textContent()).toBe('40 of 40 cases · slice pii');
    await page.locator('label.suite-flagged').click();
    await until(() => page.getByTestId('suite-count').textContent()).toBe('1 of 40 cases · slice pii, flagged by lint');
    expect(await page.locator('[data-testid="suite-case-list"] [role="option"]').count()).toBe(1);
    expect(await page.getByTestId('lint-mark').textContent()).toBe('⚠ 1 error');
    await lookAt('suites-cases-flagged');

    await page.locator(`[data-case-id="${flaggedId}"]`).click();
    const findings = page.getByTestId('case-findings');
    await findings.waitFor();
    expect(await findings.textContent()).toContain('`contains` requires the redaction placeholder <EMAIL_2>, which no model can produce');
    const editor = page.getByTestId('expectation-text');
    expect(await editor.inputValue()).toBe(FLAGGED_LABEL.replace(/^ {6}/gm, ''));
    await until(() => previewVerdicts('contains:<EMAIL_2>')).toEqual(['FAIL', 'FAIL']);
    expect(await previewVerdicts('no_refusal')).toEqual(['PASS', 'PASS']);
    await lookAt('suites-case-flagged');

    // A typo first: the engine's message shows on its line and Save stays off.
    await editor.fill('- type: no_refusal\n- type: contans\n  value: x\n');
    await until(() => page.getByTestId('expectation-problems').textContent()).toContain('line 2');
    expect(await page.getByTestId('expectation-save').isDisabled()).toBe(true);
    await lookAt('suites-editor-problem');

    await editor.fill(FIXED);
    await until(() => previewVerdicts('contains_any:saved|updated')).toEqual(['PASS', 'PASS']);
    await until(() => page.getByTestId('expectation-save').isEnabled()).toBe(true);
    await page.getByTestId('expectation-save').click();
    // Saved: the case is read again, lint has nothing left to say about it but that it is a draft.
    await until(() => page.getByTestId('case-findings').getAttribute('class')).toContain('only-info');
    await until(() => page.getByTestId('expectation-status').textContent()).toBe('As saved');
    await lookAt('suites-case-fixed');

    const saved = readFileSync(suiteFile, 'utf8');
    expect(saved).toContain(`    expectations:\n      - type: no_refusal\n      # the address is redacted: check that the change is confirmed instead\n      - type: contains_any\n        values: [saved, updated]\n    input:`);
    expect(saved).not.toContain('<EMAIL_2>');
    expect(saved.startsWith('# yaml-language-server: $schema=../.schemas/suite.schema.json\n# Drafted from imported traffic')).toBe(true);

    await page.reload();
    await page.getByTestId('expectation-text').waitFor();
    await until(() => page.getByTestId('expectation-text').inputValue()).toBe(FIXED);
    expect(await page.getByTestId('suite-count').textContent()).toBe('0 of 40 cases · slice pii, flagged by lint');
  });

  it('activates a case (asking once for the reviewer) and retires another with the keyboard; the file records who and when', async () => {
    await page.goto(`${info.link}#/suites/${encodeURIComponent(PII)}/${flaggedId}?slice=pii`);
    await page.getByTestId('status-active').click();
    const dialog = page.getByTestId('reviewer-dialog');
    await dialog.waitFor();
    await lookAt('suites-reviewer-dialog');
    await page.getByTestId('reviewer-name').fill('Ada Lovelace');
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await until(() => page.getByTestId('suite-case-status').textContent()).toBe('active');
    expect(await page.getByTestId('status-history').textContent()).toContain('active by Ada Lovelace');
    expect(readFileSync(suiteFile, 'utf8')).toMatch(new RegExp(`- id: ${flaggedId}\\n    slice: pii\\n    status: active\\n    status_history:\\n      - status: draft\\n        by: drafter\\n        at: \\S+\\n      - status: active\\n        by: Ada Lovelace\\n`));

    const second = page.locator('[data-testid="suite-case-list"] [role="option"]').nth(1);
    const secondId = (await second.getAttribute('data-case-id'))!;
    await second.click();
    await until(() => page.locator('#suite-case-title').textContent()).toBe(secondId);
    await page.getByTestId('status-retired').waitFor();
    await page.locator('body').press('r');
    await until(() => page.getByTestId('suite-case-status').textContent()).toBe('retired');
    expect(await page.getByTestId('reviewer-dialog').count()).toBe(0);
    await lookAt('suites-case-retired');
    const counts = await page.locator('[data-facet="status"]').allTextContents();
    expect(counts).toEqual(['draft38', 'active1', 'retired1']);
  });

  it('adds a traffic sample to a suite from the Traffic screen, with a link to the new draft', async () => {
    await page.goto(`${info.link}#/traffic?slice=billing`);
    await page.getByTestId('traffic-list').locator('[role="option"]').first().click();
    await page.getByTestId('traffic-add-to-suite').click();
    const dialog = page.getByTestId('add-to-suite');
    await dialog.getByRole('radio', { name: /pii/ }).check();
    await lookAt('suites-add-sample');
    await dialog.getByTestId('add-to-suite-submit').click();
    const done = dialog.getByTestId('add-to-suite-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^Added draft case sample-[0-9a-f]{12} in evals\/suites\/pii\.yaml \(line \d+\)\.$/);
    await dialog.getByTestId('add-to-suite-link').click();
    await page.getByTestId('suite-case').waitFor();
    await until(() => page.getByTestId('suite-case-status').textContent()).toBe('draft');
    expect(await page.locator('.suite-case .case-facts').textContent()).toContain('slice billing');
    expect(await page.getByTestId('status-history').textContent()).toContain('draft by Ada Lovelace');
    await lookAt('suites-added-sample');
  });

  it('adds a case of the side-by-side view to a new suite file', async () => {
    await page.goto(`${info.link}#/runs/${demo!.runId}/cases?slice=refunds`);
    await page.locator('[data-testid="case-list"] [data-case-id]').first().click();
    await page.getByTestId('case-add-to-suite').click();
    const dialog = page.getByTestId('add-to-suite');
    await dialog.getByRole('radio', { name: 'A new suite file' }).check();
    await dialog.getByLabel('Path in the workspace').fill('evals/suites/refund-regressions.yaml');
    await dialog.getByTestId('add-to-suite-submit').click();
    const done = dialog.getByTestId('add-to-suite-done');
    await done.waitFor();
    expect(await done.textContent()).toMatch(/^Added draft case traffic-\S+ in evals\/suites\/refund-regressions\.yaml \(line \d+\)\.$/);
    const written = readFileSync(join(demo!.workspace, 'evals/suites/refund-regressions.yaml'), 'utf8');
    expect(written).toContain('name: refund-regressions');
    expect(written).toContain('status: draft');
    await dialog.getByTestId('add-to-suite-link').click();
    await until(() => page.getByTestId('suite-case-status').textContent()).toBe('draft');
    expect(pageErrors).toEqual([]);
  });
});
