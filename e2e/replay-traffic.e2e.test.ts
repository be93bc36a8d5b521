// Browser mode on the demo workspace: a replay started, followed, cancelled and resumed from the Replay screen,
// and the imported traffic browsed on the Traffic screen; screenshots of each state at both sizes, axe on each.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeDemo, openServedBrowser, type DemoWorkspace, type ServedBrowser } from './demo-browser.js';
import { fitsWidth, saveScreenshot, seriousAxeViolations, VIEWPORTS } from './look.js';
import { root, type ServeInfo } from './serve-process.js';

const cli = join(root, 'bin', 'canary-gate.js');

let demo: DemoWorkspace | undefined;
let workspace: string;
let served: ServedBrowser | undefined;
let info: ServeInfo;
let page: Page;
const pageErrors: string[] = [];

/** Screenshots of the current state at both sizes, each checked by axe (serious and critical only) and for width. */
async function lookAt(name: string): Promise<void> {
  for (const size of VIEWPORTS) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    await saveScreenshot(page, name);
    expect(await fitsWidth(page), `${name} fits ${size.width}×${size.height}`).toBe(true);
    expect(await seriousAxeViolations(page), `axe on ${name} at ${size.width}×${size.height}`).toEqual([]);
  }
  await page.setViewportSize(VIEWPORTS[0]);
}

beforeAll(async () => {
  assertBuilt();
  demo = makeDemo('canary-gate-replay-e2e-');
  workspace = demo.workspace;
  // A candidate the demo never replayed: its answers are not in the response cache, so the simulated endpoint's
  // latency (time scale 1 for replays started from the UI) keeps the replay running long enough to watch it.
  const config = join(workspace, 'canary-gate.yaml');
  const yaml = readFileSync(config, 'utf8');
  writeFileSync(config, yaml.replace('\n# USD per million', '  candidate-warm:\n    provider: openai-chat\n    base_url: sim\n    model: sim-candidate\n    params:\n      temperature: 0.3\n\n# USD per million'));
  expect(readFileSync(config, 'utf8')).toContain('candidate-warm:');
  served = await openServedBrowser(workspace, { timeout: 20_000, viewport: VIEWPORTS[0], errors: pageErrors });
  ({ info, page } = served);
}, 120_000);

afterAll(async () => {
  await served?.close();
  demo?.cleanup();
});

const card = () => page.getByTestId('replay-card').first();
const cardState = () => card().getAttribute('data-state');
const doneCalls = async () => Number(((await card().getByTestId('replay-done').textContent()) ?? '0').split('/')[0]!.replace(/[^\d]/g, ''));

describe('browser mode: replay from the UI, and the imported traffic', () => {
  it('estimates, starts, shows live progress, cancels, resumes to completion and links to the run', async () => {
    await page.goto(`${info.link}#/replay`);
    await expect.poll(() => page.getByTestId('replay-suite').getAttribute('placeholder')).toBe('support-bot (default)');
    expect(await page.getByTestId('replay-idle').textContent()).toContain('Nothing is replaying.');
    expect(await page.getByTestId('replay-start').isDisabled()).toBe(true);
    await lookAt('replay-idle');

    await page.getByTestId('replay-candidate').fill('candidate-warm');
    await page.getByTestId('replay-concurrency').fill('2');
    await page.getByTestId('replay-cap').fill('5');
    await page.getByTestId('replay-estimate').click();
    const estimate = page.getByTestId('replay-estimate-result');
    await estimate.waitFor();
    expect(await estimate.getByTestId('replay-estimate-calls').textContent()).toBe('804');
    expect(await estimate.getByTestId('replay-estimate-cost').textContent()).toMatch(/^\$0\.\d\d$/);
    expect(await page.getByTestId('replay-aa-warning').count()).toBe(0);
    expect(await page.getByTestId('replay-start').isEnabled()).toBe(true);
    await lookAt('replay-estimated');

    await page.getByTestId('replay-start').click();
    await card().waitFor();
    const runId = (await card().getAttribute('data-run-id'))!;
    expect(runId).toMatch(/^run-/);
    // Live progress: the count moves while the replay runs, with calls per second and spend.
    await expect.poll(doneCalls, { timeout: 20_000 }).toBeGreaterThan(4);
    expect(await cardState()).toBe('running');
    const before = await doneCalls();
    await expect.poll(doneCalls, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await card().getByTestId('replay-rate').textContent()) !== '–').toBe(true);
    expect(await card().getByTestId('replay-spent').textContent()).toMatch(/^\$/);
    await lookAt('replay-running');

    await card().getByTestId('replay-cancel').click();
    await expect.poll(cardState).toBe('cancelled');
    const atCancel = await doneCalls();
    expect(atCancel).toBeGreaterThan(4);
    expect(atCancel).toBeLessThan(804);
    expect(await card().textContent()).toContain('the run can be resumed');
    await page.waitForTimeout(1500);
    // Cancelled means stopped: no answer arrives afterwards.
    expect(await doneCalls()).toBe(atCancel);
    await lookAt('replay-cancelled');

    await page.getByTestId('replay-concurrency').fill('128');
    await card().getByTestId('replay-resume').click();
    await expect.poll(cardState, { timeout: 90_000 }).toBe('completed');
    expect(await card().getByTestId('replay-done').textContent()).toBe('804 / 804');
    const link = card().getByTestId('replay-open-run');
    expect(await link.getAttribute('href')).toBe(`#/runs/${runId}`);
    await lookAt('replay-completed');
    await link.click();
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe(`#/runs/${runId}`);
    expect(pageErrors).toEqual([]);
  }, 240_000);

  it('shows a replay started from the command line as live, then as interrupted once it is stopped', async () => {
    await page.goto(`${info.link}#/replay`);
    await page.getByTestId('replay-screen').waitFor();
    // A second replay of the same suite and targets, in another process; --no-cache so every call is made.
    const replay = spawn(process.execPath, [cli, 'replay', '--workspace', workspace, '--candidate', 'candidate-warm', '--new', '--no-cache', '--concurrency', '1'], {
      cwd: root,
      env: { ...process.env, CI: '1' },
      stdio: 'ignore',
    });
    try {
      const live = page.getByTestId('replay-live').getByTestId('replay-card').first();
      await live.waitFor({ timeout: 30_000 });
      expect(await live.textContent()).toMatch(/replayed by /);
      expect(await live.getByTestId('replay-cancel').count()).toBe(0);
      const done = async () => Number(((await live.getByTestId('replay-done').textContent()) ?? '0').split('/')[0]!.replace(/[^\d]/g, ''));
      const first = await done();
      await expect.poll(done, { timeout: 30_000 }).toBeGreaterThan(first);
      await lookAt('replay-live-cli');
    } finally {
      replay.kill('SIGINT');
      await new Promise((resolve) => replay.once('exit', resolve));
    }
    // Stopped elsewhere: the run is interrupted and can be resumed from here.
    const resumable = page.getByTestId('replay-interrupted').getByTestId('replay-card').first();
    await resumable.waitFor({ timeout: 30_000 });
    expect(await resumable.getAttribute('data-state')).toBe('interrupted');
    expect(await resumable.getByTestId('replay-resume').isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('browses the imported traffic: facets, search, a sample with its redactions highlighted', async () => {
    await page.goto(`${info.link}#/traffic`);
    const count = page.getByTestId('traffic-count');
    await expect.poll(() => count.textContent()).toBe('400 samples');
    expect(await page.getByTestId('traffic-list').locator('[role="option"]').count()).toBeGreaterThan(5);
    await lookAt('traffic-list');

    await page.locator('[data-facet="slice"][data-value="pii"]').click();
    await expect.poll(() => count.textContent()).toBe('40 samples · slice pii');
    expect(await page.evaluate(() => window.location.hash)).toBe('#/traffic?slice=pii');
    // The switch's checkbox is drawn as a toggle; a person clicks its label.
    await page.locator('label.traffic-redacted').click();
    await expect.poll(() => page.getByTestId('traffic-redacted').isChecked()).toBe(true);
    await expect.poll(() => count.textContent()).toMatch(/^\d+ samples · slice pii, redacted$/);
    await page.getByTestId('traffic-search').fill('e-mail');
    await page.getByTestId('traffic-search').press('Enter');
    await expect.poll(() => page.evaluate(() => window.location.hash)).toBe('#/traffic?slice=pii&redacted=1&q=e-mail');
    await expect.poll(() => count.textContent()).toMatch(/^\d+ samples? · slice pii, redacted, matching “e-mail”$/);
    const first = page.getByTestId('traffic-list').locator('[role="option"]').first();
    expect(await first.locator('mark.redaction-token').count()).toBeGreaterThan(0);

    await first.click();
    const sample = page.getByTestId('traffic-sample');
    await sample.waitFor();
    expect(await page.evaluate(() => window.location.hash)).toMatch(/^#\/traffic\/\d+\?slice=pii&redacted=1&q=e-mail$/);
    const marks = await sample.locator('mark.redaction-token').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => /^<[A-Z]+_\d+>$/.test(m))).toBe(true);
    expect(await sample.getByTestId('traffic-sample-redactions').textContent()).toMatch(/^\d+ placeholders?$/);
    await lookAt('traffic-sample');

    // A reload keeps the place (the filter and the sample are in the URL).
    await page.reload();
    await page.getByTestId('traffic-sample').waitFor();
    await expect.poll(() => count.textContent()).toMatch(/slice pii, redacted, matching “e-mail”$/);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('traffic-sample').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
