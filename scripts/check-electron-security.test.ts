// npm run lint:electron must fail on a HIGH electronegativity finding (electronegativity alone exits 0 regardless).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./check-electron-security.js', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'canary-gate-electronegativity-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the check; resolves with its exit status and output (the two cases run at the same time). */
function check(root?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...(root ? ['--root', root] : [])], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr });
    });
  });
}

describe.concurrent('check-electron-security', () => {
  it('passes on the desktop app as it is, with no HIGH finding', async () => {
    const res = await check();
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^electronegativity: \d+ finding\(s\), 0 HIGH, 0 file\(s\) not parsed \(\d+ checks\)$/m);
  }, 60_000);

  it('fails on a window without context isolation or navigation limits, naming the checks', async () => {
    const root = join(scratch, 'insecure');
    mkdirSync(join(root, 'electron'), { recursive: true });
    mkdirSync(join(root, 'renderer'), { recursive: true });
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'x', optionalDependencies: { electron: '40.9.3' } }));
    writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>');
    writeFileSync(
      join(root, 'electron', 'main.ts'),
      "import { BrowserWindow } from 'electron';\nexport const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false } });\n",
    );
    // A test file would be skipped: only shipped code is scanned.
    writeFileSync(join(root, 'electron', 'main.test.ts'), 'this is not even TypeScript {{{');
    const res = await check(root);
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/^HIGH +\S+ +CONTEXT_ISOLATION_JS_CHECK {2}electron\/main\.ts:2:\d+$/m);
    expect(res.stdout).toMatch(/^HIGH +\S+ +LIMIT_NAVIGATION_GLOBAL_CHECK {2}\(whole app\)$/m);
    expect(res.stdout).toMatch(/^\S+ +\S+ +NODE_INTEGRATION_JS_CHECK {2}electron\/main\.ts:2:\d+$/m);
    expect(res.stdout).not.toMatch(/main\.test\.ts/);
    expect(res.stderr).toMatch(/electronegativity: \d+ finding\(s\), [1-9]\d* HIGH, 0 file\(s\) not parsed .*: fix the HIGH findings/);
  }, 60_000);
});
