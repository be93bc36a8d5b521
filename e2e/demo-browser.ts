// The setup the browser tests share: the demo workspace made by the real CLI, `canary-gate serve` on it, and one
// headless Chromium page that records the app's errors for the tests to assert on.
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutablePath, newE2ePage } from './chromium.js';
import { root, startServe, stop, type ServeInfo } from './serve-process.js';

/** Fails early, with the command to run, when the CLI or the renderer the tests drive has not been built. */
export function assertBuilt(): void {
  for (const built of ['dist/cli/run.js', 'dist/renderer/index.html']) {
    if (!existsSync(join(root, built))) throw new Error(`${built} is missing: build first (npx vite build && npx tsc -p tsconfig.node.json, or npm run build)`);
  }
}

export interface DemoWorkspace {
  /** The temporary folder holding the workspace. */
  dir: string;
  /** `<dir>/demo`, the workspace `canary-gate demo` made. */
  workspace: string;
  /** The verdict and run id of the run the demo gated. */
  verdict: string;
  runId: string;
  /** Removes the temporary folder. */
  cleanup(): void;
}

/**
 * Runs `canary-gate demo --json` into a new temporary folder. `simTimeScale: 0` makes the simulated endpoints
 * answer at once (the demo's statistics do not depend on the delays); left out, the demo keeps its own.
 */
export function makeDemo(tempPrefix: string, opts: { simTimeScale?: number } = {}): DemoWorkspace {
  const dir = mkdtempSync(join(tmpdir(), tempPrefix));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const workspace = join(dir, 'demo');
  const scale = opts.simTimeScale === undefined ? [] : ['--sim-time-scale', String(opts.simTimeScale)];
  try {
    const out = execFileSync(process.execPath, [join(root, 'bin', 'canary-gate.js'), 'demo', '--out', workspace, ...scale, '--json'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CI: '1' },
      stdio: 'pipe',
      timeout: 120_000,
    });
    const demo = JSON.parse(out.trim().split('\n').pop()!) as { verdict: string; run_id: string };
    return { dir, workspace, verdict: demo.verdict, runId: demo.run_id, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  }
}

export interface ServedBrowser {
  info: ServeInfo;
  browser: Browser;
  page: Page;
  /** Closes the browser, then stops the server. */
  close(): Promise<void>;
}

export interface ServedBrowserOptions {
  /** The page's default timeout for waits and actions, in ms. */
  timeout: number;
  /** Where the page's uncaught errors go (and its console errors, unless `consoleErrors` is false). */
  errors?: string[];
  consoleErrors?: boolean;
  viewport?: { width: number; height: number };
}

/**
 * Starts the real `canary-gate serve` on `workspace` and opens one page in headless Chromium (not yet navigated).
 * If any step fails, what was already started is stopped before the error is rethrown.
 */
export async function openServedBrowser(workspace: string, opts: ServedBrowserOptions): Promise<ServedBrowser> {
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await stop(child);
  };
  try {
    const started = await startServe(workspace);
    child = started.child;
    browser = await chromium.launch({ executablePath: await chromiumExecutablePath(), headless: true, args: [...CHROMIUM_ARGS] });
    const page = await newE2ePage(browser);
    page.setDefaultTimeout(opts.timeout);
    if (opts.viewport) await page.setViewportSize(opts.viewport);
    const errors = opts.errors;
    if (errors) {
      page.on('pageerror', (err) => errors.push(err.message));
      if (opts.consoleErrors !== false) {
        page.on('console', (msg) => {
          if (msg.type() === 'error') errors.push(msg.text());
        });
      }
    }
    return { info: started.info, browser, page, close };
  } catch (err) {
    await close();
    throw err;
  }
}
