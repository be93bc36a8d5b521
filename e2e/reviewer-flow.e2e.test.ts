import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoteSummary } from '../shared/domain/review-votes.js';
import { assertBuilt, makeDemo, openServedBrowser, type DemoWorkspace, type ServedBrowser } from './demo-browser.js';
import type { ServeInfo } from './serve-process.js';

// The whole reviewer's path in one go, by clicks and keys only (no hash typed in): the demo workspace opens on its
// newest run's overview → the failing citation gate → exactly the cases behind it → one side by side → a blind
// vote on ten cases with the keyboard → the preference rate.

let demo: DemoWorkspace | undefined;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
let runId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  assertBuilt();
  demo = makeDemo('canary-gate-flow-', { simTimeScale: 0 });
  runId = demo.runId;
  served = await openServedBrowser(demo.workspace, { timeout: 15_000, viewport: { width: 1440, height: 900 }, errors: pageErrors, consoleErrors: false });
  ({ info, page } = served);
}, 180_000);

afterAll(async () => {
  await served?.close();
  demo?.cleanup();
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
