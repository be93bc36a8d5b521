import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGateRow } from '../shared/report/format-gate.js';
import { SAMPLE_GATE_EVALUATION, seedWorkspace, type SeededWorkspace } from '../test-support/seed-workspace.js';
import { assertBuilt, openServedBrowser, type ServedBrowser } from './demo-browser.js';
import { axeViolations, fitsWidth, saveScreenshot, VIEWPORTS } from './look.js';
import type { ServeInfo } from './serve-process.js';




let seeded: SeededWorkspace;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;

beforeAll(async () => {
  assertBuilt();
  seeded = seedWorkspace();
  served = await openServedBrowser(seeded.dir, { timeout: 10_000 });
  ({ info, page } = served);
});

afterAll(async () => {
  await served?.close();
  seeded?.cleanup();
});

describe('browser mode: canary-gate serve + the built renderer', () => {
  it('prints its link on 127.0.0.1 with a per-launch token', () => {
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(info.token).toMatch(/^[0-9a-f]{64}$/);
    expect(info.link).toBe(`${info.url}/?token=${info.token}`);
  });

  it('lists the seeded runs and shows the gate table of the clicked run', async () => {
    const [gatedRunId, otherRunId] = seeded.runIds;
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(msg.text());
    });

    await page.goto(info.link);
    await page.locator(`[data-run-id="${gatedRunId}"]`).waitFor();
    // The token left the address bar (kept in sessionStorage for reloads); the newest run opened.
    expect(page.url()).toMatch(new RegExp(`^${info.url}/#/runs/run-`));
    expect(await page.locator('[data-run-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')).sort())).toEqual([gatedRunId, otherRunId].sort());
    expect(await page.locator(`[data-run-id="${gatedRunId}"] .badge-sim`).textContent()).toBe('SIMULATED');

    await page.locator(`[data-run-id="${gatedRunId}"]`).click();
    await page.waitForURL(`**/#/runs/${gatedRunId}`);
    const table = page.getByTestId('gate-table');
    await table.waitFor();

    const metrics = await table.locator('tr[data-gate]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-gate')));
    expect([...metrics].sort()).toEqual(SAMPLE_GATE_EVALUATION.gates.map((g) => g.metric).sort());
    // Grouped by unit (one shared axis each), in the order the units first appear in the policy.
    expect(metrics).toEqual(['task_success', 'citation_validity', 'high_severity_failures', 'latency_ms', 'cost_usd', 'infra_error']);

    const taskSuccess = SAMPLE_GATE_EVALUATION.gates.find((g) => g.metric === 'task_success')!;
    const delta = await table.locator('tr[data-gate="task_success"] td[data-col="delta"]').textContent();
    expect(delta).toBe(formatGateRow(taskSuccess).delta);
    expect(delta).toBe('+2.50 pts [-3.10, +8.10]');
    expect(await table.locator('tr[data-gate="latency_ms"] td[data-col="delta"]').textContent()).toBe('×0.930 [0.861, 1.012]');
    expect(await table.locator('tr[data-gate="high_severity_failures"] td[data-col="verdict"]').textContent()).toBe('FAIL');
    expect(await page.getByTestId('overall-verdict').textContent()).toBe('FAIL');

    // A reload still works: the token comes back from sessionStorage.
    await page.reload();
    await page.locator(`[data-run-id="${gatedRunId}"]`).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('renders the run view cleanly at 1440×900 and 1024×700 (screenshots saved) and passes axe', async () => {
    const [gatedRunId] = seeded.runIds;
    for (const size of VIEWPORTS) {
      await page.setViewportSize(size);
      // A deep link: at 1024 wide the run list starts folded, and the URL alone must open the run.
      await page.goto(`${info.link}#/runs/${gatedRunId}`);
      await page.getByTestId('gate-table').waitFor();
      // Open the first gate's error rates, as a reviewer checking what the verdict is worth would.
      await page.locator('tr[data-gate="task_success"] details.gate-evidence summary').click();
      expect(await page.locator('tr[data-gate="task_success"] details.gate-evidence li').first().textContent()).toMatch(/^This gate at n = 40: simulated at n = 60/);
      await saveScreenshot(page, 'run-view');
      expect(await fitsWidth(page), `${size.width}×${size.height}`).toBe(true);
      expect(await axeViolations(page), `axe at ${size.width}×${size.height}`).toEqual([]);
    }
  });

  it('rejects an API call without the token from the page itself', async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/call/runs.list', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return res.status;
    });
    expect(status).toBe(401);
    const withToken = await page.evaluate(async (token) => {
      const res = await fetch('/api/call/runs.list', { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
      return { status: res.status, total: ((await res.json()) as { value: { total: number } }).value.total };
    }, info.token);
    expect(withToken).toEqual({ status: 200, total: 2 });
  });
});
