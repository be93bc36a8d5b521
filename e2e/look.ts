import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { root } from './serve-process.js';

/** Where the screens' screenshots go, to be looked at after a run (git-ignored). */
export const SCREENSHOTS = join(root, 'e2e', '.screenshots');

/** The two sizes every screen is looked at: a desktop and a small laptop. */
export const VIEWPORTS = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

/** Saves a full-page screenshot of the current screen as `<name>-<w>x<h>.png`. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { width, height } = page.viewportSize() ?? { width: 0, height: 0 };
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`), fullPage: true });
}

/** axe-core's WCAG 2.1 A/AA and best-practice violations on the current screen, one line each (empty = clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  // @axe-core/playwright injects axe through the DevTools protocol, which the page's CSP (script-src 'self') allows.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Only the violations that block: axe's serious and critical ones. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).filter((v) => / \((serious|critical)\):/.test(v));
}

/** True when the page itself does not scroll sideways (wide tables scroll inside their own wrapper). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
