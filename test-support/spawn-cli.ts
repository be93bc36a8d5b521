import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root and the published entry point the CLI tests spawn. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_BIN = fileURLToPath(new URL('../bin/canary-gate.js', import.meta.url));

/** What one spawned CLI call returned. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** For CLI tests: runs the real, built `canary-gate` in cwd (CI set, so no progress bars) and waits for it. */
export function spawnCli(args: readonly string[], cwd: string, env: Record<string, string> = {}, input?: string): CliResult {
  const res = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, timeout: 120_000, ...(input !== undefined ? { input } : {}) });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** True when the output holds a JavaScript stack frame ("    at fn (file:line)"). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at /m.test(text);
}
