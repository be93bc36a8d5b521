import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeDemo, openServedBrowser, type DemoWorkspace, type ServedBrowser } from './demo-browser.js';
import { axeViolations, fitsWidth, saveScreenshot, VIEWPORTS } from './look.js';
import type { ServeInfo } from './serve-process.js';

// The run overview against `canary-gate serve` on the demo's workspace: a real FAIL run, with slices, both
// arms' latency, a target diff and a signed report.

let demo: DemoWorkspace | undefined;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
let runId: string;
const pageErrors: string[] = [];

beforeAll(async () => {
  assertBuilt();
  demo = makeDemo('canary-gate-overview-', { simTimeScale: 0 });
  expect(demo.verdict).toBe('FAIL');
  runId = demo.runId;
  served = await openServedBrowser(demo.workspace, { timeout: 15_000, errors: pageErrors });
  ({ info, page } = served);
}, 180_000);

afterAll(async () => {
  await served?.close();
  demo?.cleanup();
});

/** Opens the overview the way a new user does: the printed link, which lands on the newest run. */
async function openOverview(): Promise<void> {
  await page.goto(info.link);
  await page.waitForURL(`**/#/runs/${runId}`);
  await page.getByTestId('gate-table').waitFor();
  await page.getByTestId('latency-chart').waitFor();
  await page.getByTestId('slice-table').waitFor();
  await page.getByTestId('target-diff').waitFor();
  await page.getByTestId('report-list').waitFor();
  // The exclusions come with the drill-downs, after the table.
  await page.locator('tr[data-gate="citation_validity"] [data-testid="gate-exclusions"], tr[data-gate="task_success"] [data-testid="gate-exclusions"]').first().waitFor();
}

describe('run overview on the demo workspace', () => {
  it('shows the FAIL run’s gate plot, slices, latency chart, target diff and signed report', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await openOverview();
    const table = page.getByTestId('gate-table');
    expect(await page.getByTestId('overall-verdict').textContent()).toBe('FAIL');
    expect(await table.locator('tr[data-gate="citation_validity"] td[data-col="verdict"]').textContent()).toBe('FAIL');
    // Every gate with an estimate is drawn: an interval or a point, and its allowance.
    const drawn = await table.locator('tr[data-gate]').evaluateAll((rows) =>
      rows.map((r) => ({ gate: r.getAttribute('data-gate'), allowance: r.querySelector('.forest-allowance') !== null, estimate: r.querySelector('.forest-estimate') !== null })),
    );
    // The shipped policy's six gates, a category gate (pii_leak) and a gate on one slice (unanswerable).
    expect(drawn.length).toBe(8);
    expect(drawn.every((d) => d.allowance && d.estimate)).toBe(true);
    // The estimate of a failing gate sits right of (worse than) its allowance.
    const citation = await table.locator('tr[data-gate="citation_validity"] svg').evaluate((svg) => ({
      allowance: Number(svg.querySelector('.forest-allowance')!.getAttribute('x1')),
      lower: Number(svg.querySelector('.forest-interval')!.getAttribute('x1')),
    }));
    expect(citation.lower).toBeGreaterThan(citation.allowance);
    // The demo's unreplayable tool calls are named as what left cases out of n, with a link to them.
    const exclusions = await table.locator('[data-testid="excluded-unreplayable"]').first().getAttribute('href');
    expect(exclusions).toMatch(new RegExp(`^#/runs/${runId}/cases\\?gate=.+&membership=excluded_unreplayable$`));

    expect(await page.getByTestId('slice-table').locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await page.getByTestId('latency-chart').getAttribute('aria-label')).toMatch(/baseline \d+ requests, p50 \d+ ms/);
    expect(await page.getByTestId('latency-chart').locator('.hist-candidate').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('changed-summary').textContent()).toMatch(/^Changed/);
    expect(await page.getByTestId('report-list').getByTestId('report-signed').first().textContent()).toBe('✔ signed');
    // The demo's suite is also graded by the simulated judge: the panel shows the pairwise win rate and rubric grades.
    const judges = page.getByTestId('judge-panel');
    await judges.waitFor();
    expect(await judges.textContent()).toMatch(/win rate/i);
    expect(await judges.getByTestId('judge-cost').textContent()).toMatch(/^\d+ call\(s\), \d+ from cache · \$\d+\.\d{4}$/);
    expect(pageErrors).toEqual([]);
  });

  it('opens the case list of the failing Citation validity gate from its row', async () => {
    await page.setViewportSize(VIEWPORTS[0]);
    await openOverview();
    await page.locator('tr[data-gate="citation_validity"] a.gate-name').click();
    await page.waitForURL(/#\/runs\/.+\/cases\?/);
    const hash = new URL(page.url()).hash;
    expect(hash).toBe(`#/runs/${runId}/cases?gate=Citation+validity&change=regression`);
    // Back returns to the overview.
    await page.goBack();
    await page.waitForURL(`**/#/runs/${runId}`);
    await page.getByTestId('gate-table').waitFor();
  });

  it('looks right at both sizes in light and dark (screenshots saved), fits the width, and passes axe', async () => {
    // Every size and theme is looked at before failing, so one run saves all four screenshots.
    const problems: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const size of VIEWPORTS) {
        const where = `${scheme} ${size.width}×${size.height}`;
        await page.setViewportSize(size);
        await openOverview();
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        if (background !== (scheme === 'dark' ? 'rgb(15, 19, 24)' : 'rgb(246, 247, 249)')) problems.push(`${where}: body background ${background}`);
        await saveScreenshot(page, `run-overview-${scheme}`);
        if (!(await fitsWidth(page))) problems.push(`${where}: the page scrolls sideways`);
        // Serious and critical findings fail; moderate and minor ones are printed, to be looked at.
        const all = await axeViolations(page);
        for (const v of all.filter((x) => / \((serious|critical)\):/.test(x))) problems.push(`${where}: axe ${v}`);
        if (all.length > 0) console.warn(`${where}: axe (any impact): ${all.join('; ')}`);
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    expect(problems).toEqual([]);
  }, 120_000);

  it('keeps every gate column reachable at 1024×700: the table scrolls inside its card with the gate column pinned', async () => {
    await page.setViewportSize(VIEWPORTS[1]);
    await openOverview();
    const wrap = page.getByTestId('gate-table').locator('xpath=..');
    const before = await page.locator('tr[data-gate="citation_validity"] th').boundingBox();
    await wrap.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const after = await page.locator('tr[data-gate="citation_validity"] th').boundingBox();
    expect(after?.x).toBe(before?.x);
    expect(await page.locator('tr[data-gate="citation_validity"] td[data-col="verdict"]').isVisible()).toBe(true);
  });
});
