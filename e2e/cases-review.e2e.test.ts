import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vote, VoteSummary } from '../shared/domain/review-votes.js';
import { baselineSide, choiceFromSide } from '../shared/review/index.js';
import { assertBuilt, makeDemo, openServedBrowser, type DemoWorkspace, type ServedBrowser } from './demo-browser.js';
import { fitsWidth, saveScreenshot, seriousAxeViolations, VIEWPORTS } from './look.js';
import type { ServeInfo } from './serve-process.js';

// The reviewer's path on the demo's FAIL run: the cases behind the failing citation gate, one of them side by
// side, then a blind vote on ten cases with the keyboard and the preference rate it gives.

const REVIEWER = 'E2E Reviewer';

let demo: DemoWorkspace | undefined;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
let runId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  assertBuilt();
  demo = makeDemo('canary-gate-cases-', { simTimeScale: 0 });
  expect(demo.verdict).toBe('FAIL');
  runId = demo.runId;
  served = await openServedBrowser(demo.workspace, { timeout: 15_000, errors: pageErrors });
  ({ info, page } = served);
  // The printed link carries the token; the app keeps it for the session, so later hashes need no token.
  await page.goto(info.link);
  await page.locator('#main').waitFor();
}, 180_000);

afterAll(async () => {
  await served?.close();
  demo?.cleanup();
});

const citationCases = () => `#/runs/${runId}/cases?gate=Citation+validity&change=regression`;

/** Goes to a hash of the app (a new history entry, as a link would) and waits for the list's rows. */
async function openHash(hash: string): Promise<void> {
  await page.evaluate((h) => (window.location.hash = h), hash);
  // The review then puts the case it starts at into the URL (replacing it), so only the path is waited for.
  await page.waitForFunction((path) => window.location.hash.startsWith(path), hash.split('?')[0]!);
}

async function api<T>(method: string, input: unknown): Promise<T> {
  const res = await fetch(`${info.url}/api/call/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${info.token}` }, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

/** Opens the blind review, giving the reviewer's name if the workspace does not know it yet. */
async function startReview(): Promise<void> {
  await openHash(`#/runs/${runId}/review`);
  await page.locator('[data-testid="reviewer-form"], [data-testid="blind-case"]').first().waitFor();
  if (await page.getByTestId('reviewer-form').isVisible()) {
    await page.getByLabel('Your name').fill(REVIEWER);
    await page.keyboard.press('Enter');
  }
}

async function look(name: string): Promise<void> {
  const size = page.viewportSize()!;
  await saveScreenshot(page, name);
  expect(await fitsWidth(page), `${name} fits ${size.width}×${size.height}`).toBe(true);
  expect(await seriousAxeViolations(page), `axe ${name} ${size.width}×${size.height}`).toEqual([]);
}

describe('case list, side by side and blind review on the demo workspace', () => {
  it('lists the regressions behind the failing citation gate, with counts and chips', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await openHash(citationCases());
    const rows = page.getByTestId('case-list').locator('[data-case-id]');
    await rows.first().waitFor();
    const count = await page.getByTestId('case-count').textContent();
    const [, shown, all] = /^([\d,]+) of ([\d,]+) cases$/.exec(count ?? '') ?? [];
    expect(Number(shown)).toBeGreaterThan(0);
    expect(Number(all?.replace(/,/g, ''))).toBeGreaterThan(Number(shown));
    // The engine's own count of the gate's regressions is what the list shows.
    const drill = await api<{ regressions: { count: number } }>('gates.drilldown', { runId, gate: 'Citation validity' });
    expect(Number(shown)).toBe(drill.regressions.count);
    const badges = await rows.locator('.change-badge').allTextContents();
    expect(new Set(badges)).toEqual(new Set(['Regression']));
    expect(await page.getByTestId('filter-chips').locator('[data-chip]').allTextContents()).toEqual(['Gate Citation validity ✕', 'Change Regression ✕']);

    // Removing the change chip widens the list to every case behind the gate, through the URL.
    await page.getByTestId('filter-chips').locator('[data-chip="change"]').click();
    await page.waitForFunction(() => window.location.hash.endsWith('cases?gate=Citation+validity'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="case-count"]')?.textContent?.split(' ')[0]?.replace(/,/g, '')) > n, Number(shown));
    await page.goBack();
    await page.waitForFunction(() => window.location.hash.includes('change=regression'));
    await page.waitForFunction((n) => document.querySelector('[data-testid="case-count"]')?.textContent?.startsWith(`${n} of`), shown!);
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('opens a regression side by side with the keyboard and steps to the next with j', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await openHash(citationCases());
    await page.getByTestId('case-list').locator('[data-case-id]').first().waitFor();
    const firstId = await page.getByTestId('case-list').locator('[data-case-id]').first().getAttribute('data-case-id');
    await page.getByTestId('case-list').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => window.location.hash.startsWith(`#/runs/`) && window.location.hash.includes(`/cases/${encodeURIComponent(id)}?`), firstId!);
    const detail = page.getByTestId('case-detail');
    await detail.getByTestId('score-table').waitFor();
    expect(await detail.locator('.case-id').textContent()).toBe(firstId);
    expect(await detail.getByTestId('answer-left').locator('h3').textContent()).toMatch(/^Baseline · /);
    expect(await detail.getByTestId('answer-right').locator('h3').textContent()).toMatch(/^Candidate · /);
    // A regression on citations: the candidate fails the citation expectation, and failures come first with their reason.
    const firstScore = detail.getByTestId('score-table').locator('tbody tr').first();
    expect(await firstScore.locator('td').nth(1).locator('.badge').textContent()).toBe('FAIL');
    expect((await firstScore.locator('td').nth(1).locator('.score-reason').textContent())?.length).toBeGreaterThan(0);

    await page.keyboard.press('j');
    await page.waitForFunction((id) => !window.location.hash.includes(`/cases/${encodeURIComponent(id)}?`), firstId!);
    await page.waitForFunction((id) => document.querySelector('[data-testid="case-detail"] .case-id')?.textContent !== id, firstId!);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid="case-detail"]'));
    expect(pageErrors).toEqual([]);
  }, 60_000);

  it('blind-votes ten cases with the keyboard and shows the preference rate', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await openHash(`#/runs/${runId}/review`);
    const form = page.getByTestId('reviewer-form');
    await form.waitFor();
    await page.getByLabel('Your name').fill(REVIEWER);
    await page.keyboard.press('Enter');
    const keys = ['1', '2', '1', '3', '2', '1', '4', '1', '2', '1'];
    const expected: Record<string, string> = {};
    for (const [i, key] of keys.entries()) {
      const card = page.locator('[data-testid="blind-case"][data-revealed="false"]');
      await card.getByTestId('answer-left').waitFor();
      const caseId = (await card.locator('.case-id').textContent())!;
      // Nothing before the vote says which answer is which.
      expect(await card.textContent()).not.toMatch(/baseline|candidate|sim-/i);
      const side = baselineSide(REVIEWER, runId, caseId);
      expected[caseId] = choiceFromSide(key === '1' ? 'left' : key === '2' ? 'right' : key === '3' ? 'tie' : 'both_bad', side);
      await page.keyboard.press(key);
      const reveal = page.locator('[data-testid="blind-case"][data-revealed="true"]');
      await reveal.getByTestId('reveal').waitFor();
      expect(await reveal.getByTestId('answer-left').locator('h3').textContent()).toMatch(side === 'left' ? /^Baseline · / : /^Candidate · /);
      await page.waitForFunction((n) => document.querySelector('[data-testid="vote-total"]')?.textContent === String(n), i + 1);
      if (i < keys.length - 1) await page.keyboard.press('j');
    }
    const votes = (await api<{ votes: Vote[] }>('reviews.list', { runId, reviewer: REVIEWER })).votes;
    expect(Object.fromEntries(votes.map((v) => [v.case_id, v.choice]))).toEqual(expected);
    const summary = await api<VoteSummary>('reviews.summary', { runId });
    expect(summary.votes).toBe(10);
    const rate = await page.getByTestId('preference-rate').textContent();
    expect(rate).toBe(`${((summary.candidate_preference.estimate ?? 0) * 100).toFixed(1)}%`);
    expect(await page.getByTestId('preference-interval').textContent()).toMatch(/^\[\d+\.\d%, \d+\.\d%\]$/);
    expect(await page.getByTestId('tie-count').textContent()).toBe(String(summary.counts.tie));
    expect(await page.getByTestId('both-bad-count').textContent()).toBe(String(summary.counts.both_bad));
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('looks right at both sizes (list, side by side, review before and after the vote, keys dialog; side by side in dark) and passes axe', async () => {
    for (const size of VIEWPORTS) {
      await page.setViewportSize(size);
      await openHash(citationCases());
      await page.getByTestId('case-list').locator('[data-case-id]').first().waitFor();
      await look('cases-list');

      const firstId = (await page.getByTestId('case-list').locator('[data-case-id]').first().getAttribute('data-case-id'))!;
      await openHash(`#/runs/${runId}/cases/${encodeURIComponent(firstId)}?gate=Citation+validity&change=regression`);
      await page.getByTestId('case-detail').getByTestId('score-table').waitFor();
      await look('cases-side-by-side');
      for (const scheme of size === VIEWPORTS[0] ? (['dark'] as const) : []) {
        await page.emulateMedia({ colorScheme: scheme });
        await look(`cases-side-by-side-${scheme}`);
        await page.emulateMedia({ colorScheme: 'light' });
      }

      await page.keyboard.press('?');
      await page.getByTestId('keys-dialog').waitFor();
      await look('cases-keys-dialog');
      await page.keyboard.press('Escape');
      await page.getByTestId('keys-dialog').waitFor({ state: 'detached' });

      // A case this reviewer has not voted on yet (the flow above voted the first ten).
      await startReview();
      const open = page.locator('[data-testid="blind-case"][data-revealed="false"]');
      await open.getByTestId('answer-left').waitFor();
      await look('review-before-vote');
      await page.keyboard.press('3');
      await page.locator('[data-testid="blind-case"][data-revealed="true"]').getByTestId('score-table').waitFor();
      await look('review-after-vote');
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
