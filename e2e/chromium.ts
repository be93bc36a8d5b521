import { existsSync } from 'node:fs';

/** Flags of ARCHITECTURE.md's E2E layer: no sandbox (containers), no GPU, no background traffic. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The Chromium to drive: $CHROMIUM_PATH, else Debian's /usr/bin/chromium, else the headless build bundled
 * in @sparticuz/chromium (unpacked into the temp folder on first use).
 */
export async function chromiumExecutablePath(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH points to a missing file: ${fromEnv}`);
    return fromEnv;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return sparticuz.executablePath();
}

/**
 * A page in its own browser context: @axe-core/playwright needs one created with browser.newContext() (it opens
 * a helper page in the same context), which browser.newPage() does not give.
 */
export async function newE2ePage(browser: import('playwright-core').Browser): Promise<import('playwright-core').Page> {
  const context = await browser.newContext();
  return context.newPage();
}
