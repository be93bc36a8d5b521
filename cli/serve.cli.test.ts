// `canary-gate serve` keeps its token in the workspace (0600) so a restart does not lock out open tabs,
// --new-token replaces it, and without --port a taken default port falls back to a free one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_BIN, spawnCli } from '../test-support/spawn-cli.js';
import { DEFAULT_SERVE_PORT } from './commands/serve.js';

let ws: string;

beforeAll(() => {
  ws = mkdtempSync(join(tmpdir(), 'cg-serve-'));
  expect(spawnCli(['init'], ws).code).toBe(0);
});

afterAll(() => rmSync(ws, { recursive: true, force: true }));

interface Launched {
  child: ChildProcess;
  info: { url: string; port: number; token: string; link: string };
  stderr: () => string;
}

/** Starts `serve --json` and resolves with the line it prints once listening. */
function launch(args: string[]): Promise<Launched> {
  const child = spawn(process.execPath, [CLI_BIN, 'serve', '--workspace', ws, '--json', ...args], { env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed nothing within 15 s; stderr:\n${stderr}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}; stderr:\n${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, info: JSON.parse(line) as Launched['info'], stderr: () => stderr });
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

async function workspaceInfo(l: Launched, token = l.info.token): Promise<number> {
  const res = await fetch(`${l.info.url}/api/call/workspace.info`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
  return res.status;
}

describe('serve token', () => {
  it('is kept in .canary-gate/serve-token (0600, folder 0700), reused across launches, replaced by --new-token', async () => {
    const file = join(ws, '.canary-gate', 'serve-token');
    const first = await launch(['--port', '0']);
    expect(first.info.token).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(ws, '.canary-gate')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.info.token);
    expect(await workspaceInfo(first)).toBe(200);
    expect(await stop(first.child)).toBe(0);

    // A restart: the link of an open tab keeps working.
    const second = await launch(['--port', '0']);
    expect(second.info.token).toBe(first.info.token);
    expect(await workspaceInfo(second, first.info.token)).toBe(200);
    expect(await stop(second.child)).toBe(0);

    const renewed = await launch(['--port', '0', '--new-token']);
    expect(renewed.info.token).toMatch(/^[0-9a-f]{64}$/);
    expect(renewed.info.token).not.toBe(first.info.token);
    expect(readFileSync(file, 'utf8').trim()).toBe(renewed.info.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await workspaceInfo(renewed, first.info.token)).toBe(401);
    expect(await workspaceInfo(renewed)).toBe(200);
    expect(await stop(renewed.child)).toBe(0);
  });
});

describe('serve port', () => {
  let busy: Server | null = null;

  afterAll(() => new Promise<void>((r) => (busy ? busy.close(() => r()) : r())));

  it(`without --port, a taken default (${DEFAULT_SERVE_PORT}) falls back to a free port and says so`, async () => {
    // Hold the default port (if something else already holds it, it is just as taken).
    await new Promise<void>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve());
      s.listen(DEFAULT_SERVE_PORT, '127.0.0.1', () => {
        busy = s;
        resolve();
      });
    });
    const l = await launch([]);
    try {
      expect(l.info.port).not.toBe(DEFAULT_SERVE_PORT);
      expect(l.info.url).toBe(`http://127.0.0.1:${l.info.port}`);
      expect(l.stderr()).toContain(`Port ${DEFAULT_SERVE_PORT} on 127.0.0.1 is in use; serving on port ${l.info.port} instead.`);
      expect(await workspaceInfo(l)).toBe(200);
    } finally {
      await stop(l.child);
    }
    // An explicit --port that is taken is still an error (exit 2, one line).
    const explicit = spawnCli(['serve', '--workspace', ws, '--port', String(DEFAULT_SERVE_PORT)], ws);
    expect(explicit.code).toBe(2);
    expect(explicit.stderr.trim()).toBe(`canary-gate serve: --port: port ${DEFAULT_SERVE_PORT} on 127.0.0.1 is already in use; pass another with --port <n> (0 picks a free one)`);
  });
});
