// `npm start` where the Electron binary is missing (as on our machines): it says so at once, before any build.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function electronInstalled(): boolean {
  try {
    createRequire(`${root}package.json`)('electron');
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(electronInstalled())('npm start without Electron', () => {
  it('exits 1 with the one-line hint before building anything', () => {
    const started = Date.now();
    const res = spawnSync('npm', ['start'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('Electron is not installed on this machine (its binary could not be downloaded); use `npm run serve` for the same UI in a browser');
    // No build ran first: npm announces every script it runs ("> canary-gate@x build").
    expect(res.stdout).not.toMatch(/^> \S+ build/m);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 130_000);
});
