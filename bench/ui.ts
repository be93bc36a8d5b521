// `npm run bench -- ui [--cases 100000] [--rounds 3]`: how fast the workbench shows a big run, in headless Chromium
// against the real `canary-gate serve`. One workspace of --cases cases × 2 arms and, in the same run, a 100-case
// workspace as the reference. Figures: time to the overview's gate table, to the whole overview (slices and latency
// chart), to the case list's first rows, to a facet filter's and a search's answer on screen, and to open a case.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutablePath, newE2ePage } from '../e2e/chromium.js';
import { startServe, stop } from '../e2e/serve-process.js';
import { packageRoot } from '../engine/package-root.js';
import { buildBigRunWorkspace } from '../test-support/big-run.js';
import { emit, median } from './bench-output.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
const CASES = Number(values.cases);
const ROUNDS = Number(values.rounds);
const REFERENCE_CASES = 100;
const TIMEOUT = 60_000;

type Figures = Record<string, number[]>;

/** Milliseconds from an action to a condition on the page. */
async function timeUntil(action: () => Promise<unknown>, ready: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await action();
  await ready();
  return performance.now() - t0;
}

/** The text of the case list's "N of M cases" counter. */
const caseCount = (page: Page) => page.locator('[data-testid="case-count"]').innerText();

/** The little of the page this bench reads, typed here because bench/ is compiled without the DOM library. */
interface PageGlobals {
  document: { querySelector(selector: string): { textContent: string | null } | null };
  location: { hash: string };
}

/**
 * True when the case list shows a new answer: the counter moved from `prev`, the hash holds `inHash`, and the first
 * row mentions `rowText`. Runs in the page (serialised by Playwright; it may use nothing from this module).
 */
function listShows({ prev, inHash, rowText }: { prev: string; inHash: string; rowText: string }): boolean {
  const g = globalThis as unknown as PageGlobals;
  const count = g.document.querySelector('[data-testid="case-count"]');
  const row = g.document.querySelector('[role="option"][data-case-id]');
  return g.location.hash.includes(inHash) && count !== null && count.textContent !== prev && row !== null && (row.textContent ?? '').includes(rowText);
}

/** True when the hash names an open case. Runs in the page. */
function caseOpen(): boolean {
  return /\/cases\/[^?]/.test((globalThis as unknown as PageGlobals).location.hash);
}


/** One round on a fresh page: every figure once. */
async function round(browser: Browser, link: string, runId: string, figures: Figures): Promise<void> {
  const page = await newE2ePage(browser);
  await page.setViewportSize({ width: 1440, height: 900 });
  const add = (name: string, ms: number) => (figures[name] ??= []).push(ms);
  const run = encodeURIComponent(runId);
  try {
    // Overview: from navigation to the gate table, then to the slices and latency chart as well.
    const t0 = performance.now();
    await page.goto(`${link}#/runs/${run}`);
    await page.locator('[data-testid="gate-table"]').first().waitFor({ timeout: TIMEOUT });
    add('time_to_gate_table', performance.now() - t0);
    await page.locator('[data-testid="slice-table"]').first().waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="latency-chart"]').first().waitFor({ timeout: TIMEOUT });
    add('time_to_overview', performance.now() - t0);

    // Case list: navigation inside the app (as a click on a gate does) to the first rows.
    add(
      'time_to_first_rows',
      await timeUntil(
        () => page.evaluate(`window.location.hash = '#/runs/${run}/cases'`),
        () => page.locator('[role="option"][data-case-id]').first().waitFor({ timeout: TIMEOUT }),
      ),
    );

    // A facet filter (as the URL carries it) until the counter and the rows show it.
    let before = await caseCount(page);
    add(
      'time_to_filter',
      await timeUntil(
        () => page.evaluate(`window.location.hash = '#/runs/${run}/cases?slice=refunds'`),
        () => page.waitForFunction(listShows, { prev: before, inHash: 'slice=refunds', rowText: 'refunds' }, { timeout: TIMEOUT, polling: 'raf' }),
      ),
    );

    // A full-text search typed into the search box, until the filtered rows are on screen (includes the box's debounce).
    before = await caseCount(page);
    const search = page.locator('input[type="search"]').first();
    add(
      'time_to_search',
      await timeUntil(
        () => search.fill('warranty'),
        () => page.waitForFunction(listShows, { prev: before, inHash: 'q=warranty', rowText: 'warranty' }, { timeout: TIMEOUT, polling: 'raf' }),
      ),
    );

    // Open the first case side by side.
    add(
      'time_to_open_case',
      await timeUntil(
        async () => {
          await page.locator('[role="option"][data-case-id]').first().click();
          await page.waitForFunction(caseOpen, undefined, { timeout: TIMEOUT, polling: 'raf' });
        },
        () => page.locator('[data-testid="case-detail"] [data-testid="score-table"]').first().waitFor({ timeout: TIMEOUT }),
      ),
    );

    // Scrolling: frames rendered while the list scrolls through 200 rows per wheel step.
    const list = page.locator('[role="listbox"]').first();
    await list.hover();
    // (Evaluated as a string: this file is compiled without the DOM types.)
    const frames = (await page.evaluate(`new Promise((resolve) => {
      const box = document.querySelector('[role="listbox"]');
      const times = [];
      let last = performance.now();
      let n = 0;
      const step = (t) => {
        times.push(t - last);
        last = t;
        box.scrollTop += 400;
        if (++n < 120) requestAnimationFrame(step);
        else resolve(times.sort((a, b) => a - b)[Math.floor(times.length * 0.95)]);
      };
      requestAnimationFrame(step);
    })`)) as number;
    add('scroll_p95_frame', frames);
  } catch (err) {
    // Keep what the page showed: a figure that could not be taken needs its screen to be understood.
    mkdirSync(join(packageRoot(), 'bench', '.out'), { recursive: true });
    const shot = join(packageRoot(), 'bench', '.out', 'ui-failure.png');
    await page.screenshot({ path: shot }).catch(() => {});
    throw new Error(`${(err as Error).message}\n(screen saved to ${shot}; page at ${page.url()})`);
  } finally {
    await page.context().close();
  }
}

async function measure(browser: Browser, cases: number): Promise<{ figures: Figures; buildMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), `canary-gate-bench-ui-${cases}-`));
  const built = buildBigRunWorkspace(dir, { cases });
  const { child, info } = await startServe(dir);
  const figures: Figures = {};
  try {
    for (let i = 0; i < ROUNDS; i++) {
      process.stderr.write(`bench ui: ${cases} cases, round ${i + 1} of ${ROUNDS}\n`);
      await round(browser, info.link, built.runId, figures);
    }
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
  return { figures, buildMs: built.buildMs };
}

const browser = await chromium.launch({ executablePath: await chromiumExecutablePath(), headless: true, args: [...CHROMIUM_ARGS] });
try {
  const reference = await measure(browser, REFERENCE_CASES);
  const big = await measure(browser, CASES);
  emit({ bench: 'ui', metric: `build_workspace_${CASES}_cases`, value: big.buildMs, unit: 'ms' });
  for (const [metric, values] of Object.entries(big.figures)) {
    const ref = reference.figures[metric];
    // The first round is the cold one (the engine builds the run's case index on first use); the median is the usual visit.
    emit({ bench: 'ui', metric: `${metric}_cold_${CASES}_cases`, value: values[0]!, unit: 'ms', ...(ref ? { reference: ref[0]! } : {}) });
    emit({ bench: 'ui', metric: `${metric}_median_${CASES}_cases`, value: median(values), unit: 'ms', ...(ref ? { reference: median(ref) } : {}) });
  }
} finally {
  await browser.close();
}
