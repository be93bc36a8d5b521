import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, openServedBrowser, type ServedBrowser } from './demo-browser.js';
import { axeViolations, fitsWidth, saveScreenshot, VIEWPORTS } from './look.js';
import { root, type ServeInfo } from './serve-process.js';

const cli = join(root, 'bin', 'canary-gate.js');

const SECRET_EMAIL = 'jane.doe@example.com';
const CAPTURE_PATH = 'captures/support.jsonl';


/** One canonical capture line (the shape of fixtures/traffic/support-bot-capture.jsonl, trimmed). */
function captureLine(n: number, slice: string, question: string, answer: string): string {
  return JSON.stringify({
    schema: 'canary-gate/capture@1',
    id: `cap_e2e_00${n}`,
    timestamp: `2026-11-02T09:1${n}:00Z`,
    request: {
      model: 'sim-baseline',
      messages: [
        { role: 'system', content: "You are Acme Cloud's help-center assistant." },
        { role: 'user', content: question },
      ],
      temperature: 0.2,
      max_tokens: 400,
    },
    response: {
      id: `chatcmpl-e2e-${n}`,
      object: 'chat.completion',
      model: 'sim-baseline',
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 40, completion_tokens: 12, total_tokens: 52 },
    },
    latency_ms: 900 + n,
    metadata: { slice, route: '/help-center/ask', channel: 'web-widget' },
  });
}


/** Every byte the workspace's state folder holds (database, WAL, rejects), as one string to search. */
function stateBytes(workspace: string): string {
  const dir = join(workspace, '.canary-gate');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(readFileSync(full).toString('latin1'));
    }
  };
  walk(dir);
  return out.join('\n');
}

let workspace: string | undefined;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  assertBuilt();
  workspace = mkdtempSync(join(tmpdir(), 'canary-gate-import-e2e-'));
  execFileSync(process.execPath, [cli, 'init', '--workspace', workspace], { cwd: root, env: { ...process.env, CI: '1' }, stdio: 'pipe' });
  mkdirSync(join(workspace, 'captures'));
  writeFileSync(
    join(workspace, CAPTURE_PATH),
    [
      captureLine(1, 'account', 'How do I turn on two-factor authentication?', 'Go to Profile → Security and turn it on.'),
      captureLine(2, 'billing', `Please send the invoice to ${SECRET_EMAIL} instead of my old address.`, 'Done: future invoices go to the new address.'),
      captureLine(3, 'billing', 'Can I pay yearly?', 'Yes, yearly billing is available on every paid plan.'),
    ].join('\n') + '\n',
  );

  served = await openServedBrowser(workspace, { timeout: 15_000, errors: pageErrors });
  ({ info, page } = served);
});

afterAll(async () => {
  await served?.close();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('browser mode: import traffic with a redaction preview', () => {
  it('previews the samples redacted, imports them, and stores no e-mail address', async () => {
    await page.goto(info.link);
    await page.getByTestId('nav-import').click();
    expect(await page.getByTestId('import-redact').isChecked()).toBe(true);
    const runButton = page.getByTestId('import-run-button');
    expect(await runButton.isDisabled()).toBe(true);

    // A path relative to the workspace root, as the screen says.
    await page.getByTestId('import-paths').fill(CAPTURE_PATH);
    await page.getByTestId('import-preview-button').click();
    const samples = page.getByTestId('preview-samples');
    await samples.waitFor();

    expect(await samples.locator('[data-sample-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sample-id')))).toEqual(['cap_e2e_001', 'cap_e2e_002', 'cap_e2e_003']);
    const fileRow = page.getByTestId('preview-files').locator('tbody tr');
    expect(await fileRow.count()).toBe(1);
    expect(await fileRow.getAttribute('data-file')).toBe(join(workspace!, CAPTURE_PATH));
    expect(await fileRow.locator('td[data-col="format"]').textContent()).toBe('canonical');
    expect(await fileRow.locator('td[data-col="records"]').textContent()).toBe('3');
    expect(await fileRow.locator('td[data-col="samples"]').textContent()).toBe('3');
    expect(await fileRow.locator('td[data-col="rejected"]').textContent()).toBe('0');

    expect(await page.getByTestId('redaction-counts').textContent()).toMatch(/(^| · )EMAIL 1( · |$)/);
    const redactedUser = samples.locator('[data-sample-id="cap_e2e_002"] .message.role-user .message-text');
    expect(await redactedUser.textContent()).toMatch(/^Please send the invoice to <EMAIL_\d+> instead of my old address\.$/);
    expect(await redactedUser.locator('mark.redaction-token').allTextContents()).toEqual([expect.stringMatching(/^<EMAIL_\d+>$/)]);
    expect(await page.locator('body').innerText()).not.toContain(SECRET_EMAIL);
    expect(await page.content()).not.toContain(SECRET_EMAIL);

    await runButton.click();
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    expect(await summary.locator('[data-count="imported"] dd').textContent()).toBe('3');
    expect(await summary.locator('[data-count="duplicates"] dd').textContent()).toBe('0');
    expect(await summary.locator('[data-count="rejected"] dd').textContent()).toBe('0');
    expect(await page.getByTestId('summary-slices').textContent()).toBe('billing 2 · account 1');
    expect(await page.getByTestId('summary-redactions').textContent()).toMatch(/(^| · )EMAIL 1( · |$)/);
    expect(await runButton.isDisabled()).toBe(true);

    // What reached the disk was redacted too (the samples are there; the address is not).
    const stored = stateBytes(workspace!);
    expect(stored).toContain('cap_e2e_002');
    expect(stored).not.toContain(SECRET_EMAIL);
    expect(await page.content()).not.toContain(SECRET_EMAIL);
    expect(pageErrors).toEqual([]);
  });

  it('renders the import screen cleanly at 1440×900 and 1024×700 (screenshots saved) and passes axe', async () => {
    for (const size of VIEWPORTS) {
      await page.setViewportSize(size);
      await page.goto(info.link);
      await page.getByTestId('nav-import').click();
      await page.getByTestId('import-paths').fill(CAPTURE_PATH);
      await page.getByTestId('import-preview-button').click();
      await page.getByTestId('preview-samples').waitFor();
      await saveScreenshot(page, 'import-preview');
      expect(await fitsWidth(page), `${size.width}×${size.height}`).toBe(true);
      expect(await axeViolations(page), `axe at ${size.width}×${size.height}`).toEqual([]);
    }
  });

  it('recognises the same traffic imported again as duplicates', async () => {
    await page.getByTestId('import-preview-button').click();
    const runButton = page.getByTestId('import-run-button');
    await expect.poll(() => runButton.isEnabled()).toBe(true);
    await runButton.click();
    const imported = page.getByTestId('import-summary').locator('[data-count="imported"] dd');
    await expect.poll(() => imported.textContent()).toBe('0');
    expect(await page.getByTestId('import-summary').locator('[data-count="duplicates"] dd').textContent()).toBe('3');
    expect(pageErrors).toEqual([]);
  });
});
