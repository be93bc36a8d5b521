import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteSummary } from '../shared/domain/review-votes.js';
import { CHROMIUM_ARGS, chromiumExecutablePath, newE2ePage } from './chromium.js';
import { root, startServe, stop, type ServeInfo } from './serve-process.js';

// The whole reviewer's path in one go, by clicks and keys only (no hash typed in): the demo workspace opens on its
// newest run's overview → the failing citation gate → exactly the cases behind it → one side by side → a blind
// vote on ten cases with the keyboard → the preference rate.

let dir: string | undefined;
let serve: ChildProcess | undefined;
let info: ServeInfo;
let browser: Browser | undefined;
let page: Page;
let runId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'canary-gate-flow-'));
  const workspace = join(dir, 'demo');
  const out = execFileSync(process.execPath, [join(root, 'bin', 'canary-gate.js'), 'demo', '--out', workspace, '--sim-time-scale', '0', '--json'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '1' },
    timeout: 120_000,
  });
  runId = (JSON.parse(out.trim().split('\n').pop()!) as { run_id: string }).run_id;
  ({ child: serve, info } = await startServe(workspace));
  browser = await chromium.launch({ executablePath: await chromiumExecutablePath(), headless: true, args: [...CHROMIUM_ARGS] });
  page = await newE2ePage(browser);
  page.setDefaultTimeout(15_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stop(serve);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function api<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${info.url}/api/call/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${info.token}` }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

describe('the reviewer’s path through the workbench', () => {
  it('overview → failing citation gate → its cases → side by side → ten blind votes by keyboard → preference rate', async () => {
    // The link serve printed opens the newest run, which is the demo's FAIL run.
    await page.goto(info.link);
    await page.waitForFunction((id) => window.location.hash === `#/runs/${encodeURIComponent(id)}`, runId);
    const citation = page.getByTestId('gate-table').locator('tr[data-gate-name="Citation validity"]');
    expect(await citation.getAttribute('class')).toContain('verdict-fail');

    // Clicking the gate opens the case list filtered to exactly the cases behind its estimate's regressions.
    await citation.locator('a.gate-name').click();
    await page.waitForFunction(() => window.location.hash.includes('/cases?gate=Citation+validity&change=regression'));
    const rows = page.getByTestId('case-list').locator('[data-case-id]');
    await rows.first().waitFor();
    const drill = await api<{ regressions: { count: number; case_ids: string[] } }>('gates.drilldown', { runId, gate: 'Citation validity' });
    await page.waitForFunction((n) => document.querySelector('[data-testid="case-count"]')?.textContent?.startsWith(`${n} of`), drill.regressions.count);
    const listed = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-case-id')));
    expect(new Set(listed)).toEqual(new Set(drill.regressions.case_ids.slice(0, listed.length)));

    // Enter opens the selected case side by side, with the candidate's citation failure and its reason first.
    await page.getByTestId('case-list').focus();
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('case-detail');
    await detail.getByTestId('score-table').waitFor();
    const firstScore = detail.getByTestId('score-table').locator('tbody tr').first();
    // Columns after the expectation: baseline, then candidate.
    expect(await firstScore.locator('td').nth(1).locator('.badge').textContent()).toBe('FAIL');
    expect(await firstScore.locator('td').nth(1).locator('.score-reason').textContent()).toMatch(/cites sources not in the context/);

    // Blind review of the same cases, from the list's button; the name is asked once.
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Blind review' }).first().click();
    await page.getByTestId('reviewer-form').waitFor();
    await page.getByLabel('Your name').fill('Flow Reviewer');
    await page.keyboard.press('Enter');
    const voted = Math.min(10, drill.regressions.count);
    const keys = ['2', '1', '2', '3', '2', '4', '1', '2', '2', '1'].slice(0, voted);
    for (const [i, key] of keys.entries()) {
      await page.locator('[data-testid="blind-case"][data-revealed="false"]').getByTestId('answer-left').waitFor();
      await page.keyboard.press(key);
      await page.locator('[data-testid="blind-case"][data-revealed="true"]').getByTestId('reveal').waitFor();
      await page.waitForFunction((n) => document.querySelector('[data-testid="vote-total"]')?.textContent === String(n), i + 1);
      if (i < keys.length - 1) await page.keyboard.press('j');
    }

    // The preference rate on screen is the engine's, with its interval.
    const summary = await api<VoteSummary>('reviews.summary', { runId });
    expect(summary.votes).toBe(voted);
    expect(summary.counts.tie).toBe(keys.filter((k) => k === '3').length);
    expect(summary.counts.both_bad).toBe(keys.filter((k) => k === '4').length);
    expect(await page.getByTestId('preference-rate').textContent()).toBe(`${((summary.candidate_preference.estimate ?? 0) * 100).toFixed(1)}%`);
    expect(await page.getByTestId('preference-interval').textContent()).toMatch(/^\[\d+\.\d%, \d+\.\d%\]$/);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
