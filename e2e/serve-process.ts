// Runs the real `canary-gate serve` for the browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageRoot } from '../engine/package-root.js';

/** The package root (where bin/ and dist/ are), from source or from dist/ (bench/ui runs compiled). */
export const root = packageRoot();

export interface ServeInfo {
  url: string;
  token: string;
  link: string;
}

/** Starts the real CLI and resolves with the JSON line it prints once listening. */
export function startServe(workspace: string, extraEnv: Record<string, string> = {}): Promise<{ child: ChildProcess; info: ServeInfo }> {
  const child = spawn(process.execPath, [join(root, 'bin', 'canary-gate.js'), 'serve', '--workspace', workspace, '--port', '0', '--json'], {
    cwd: root,
    env: { ...process.env, CI: '1', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`canary-gate serve printed nothing within 15 s; stderr:\n${stderr}`)), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`canary-gate serve exited with ${code} before listening; stderr:\n${stderr}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve({ child, info: JSON.parse(line) as ServeInfo });
      } catch {
        reject(new Error(`canary-gate serve printed a non-JSON line: ${line}`));
      }
    });
  });
}

/** Stops the server: SIGTERM, then SIGKILL after 5 s. */
export function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
