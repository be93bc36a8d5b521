// What reaches a real endpoint's error answers, and what of them is kept: a key the endpoint echoes is scrubbed
// from everything stored or printed; header secrets come from the environment at call time; a provider's 4xx
// caused by the configuration stops the replay with exit 2 instead of passing for an infra error.
import { spawn } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'canary-gate.js');
const KEY = 'sk-proj-ECHOED-never-store-4b9c2e7a1d';

/** The test endpoint: how it answers, and the headers of every request it saw. */
let answer: (body: Record<string, unknown>, headers: IncomingHttpHeaders) => { status: number; body: string };
const seen: IncomingHttpHeaders[] = [];
let server: Server;
let baseUrl: string;

const completion = JSON.stringify({
  id: 'chatcmpl-1', object: 'chat.completion', model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Here is the answer.' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
});

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push(req.headers);
      const a = answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>, req.headers);
      res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let tmp: string;
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
  seen.length = 0;
});

/** The real CLI, spawned without blocking this process (the test endpoint answers from it). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, '--workspace', tmp], { cwd: tmp, env: { ...process.env, CI: 'true', ...env } });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('close', (code) => resolve({ code, out }));
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A workspace with imported traffic whose candidate target is `candidate` (YAML lines under `candidate:`). */
async function workspace(candidate: string): Promise<void> {
  tmp = mkdtempSync(join(tmpdir(), 'cg-provider-errors-'));
  expect((await cli(['init'])).code).toBe(0);
  const file = join(tmp, 'canary-gate.yaml');
  const config = readFileSync(file, 'utf8');
  const simCandidate = '  candidate:\n    provider: openai-chat\n    base_url: sim\n    model: sim-candidate\n    params:\n      temperature: 0\n';
  expect(config).toContain(simCandidate);
  writeFileSync(file, config.replace(simCandidate, `  candidate:\n${candidate}`));
  expect((await cli(['import', join(ROOT, 'fixtures/traffic/support-bot-capture.jsonl')])).code).toBe(0);
}

function db(): Database.Database {
  return new Database(join(tmp, '.canary-gate', 'canary-gate.db'), { readonly: true });
}

describe('a key the endpoint echoes', () => {
  it('is scrubbed from the database, the output and the reports', async () => {
    // A gateway's 401 that quotes the key; padded so that the key straddles the 300 characters kept of the body.
    answer = (_body, headers) => ({
      status: 401,
      body: `{"error":{"message":"${'x'.repeat(235)} Incorrect API key provided: ${String(headers.authorization).replace('Bearer ', '')}. You can find your API key at https://platform.example/account/api-keys.","type":"invalid_request_error","code":"invalid_api_key"}}`,
    });
    await workspace(`    provider: openai-chat\n    base_url: ${baseUrl}\n    model: gw-candidate\n    api_key_env: CG_ECHO_KEY\n`);
    const outputs: string[] = [];
    for (const args of [['replay', '--sim-time-scale', '0'], ['replay', '--sim-time-scale', '0', '--json'], ['gate', '--out', join(tmp, 'out')]]) {
      outputs.push((await cli(args, { CG_ECHO_KEY: KEY })).out);
    }
    // The endpoint was called with the key, and its answer was read.
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]!.authorization).toBe(`Bearer ${KEY}`);
    for (const out of outputs) expect(out).not.toContain(KEY);
    // Not even a piece of it, cut at the end of the stored text.
    for (const out of outputs) expect(out).not.toContain(KEY.slice(0, 12));
    const files = filesUnder(tmp);
    expect(files.some((f) => f.endsWith('canary-gate.db'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f);
      expect(bytes.includes(KEY), f).toBe(false);
      expect(bytes.includes(KEY.slice(0, 12)), f).toBe(false);
    }
    // What the endpoint said is still there, with the key's place marked.
    const everything = [...outputs, ...files.map((f) => readFileSync(f, 'latin1'))].join('\n');
    expect(everything).toContain('Incorrect API key provided: [REDACTED:');
  }, 120_000);
});

describe('a header secret from the environment', () => {
  const VALUE_A = 'azure-key-A-0f3e9d2c8b7a6f5e';
  const VALUE_B = 'azure-key-B-9a8b7c6d5e4f3a2b';
  const headerTarget = (variable: string) => `    provider: openai-chat\n    base_url: ${baseUrl}\n    model: gw-candidate\n    headers:\n      api-key: { env: ${variable} }\n      x-tenant: acme\n`;

  it('is sent on the wire, never stored, and only its variable name is fingerprinted', async () => {
    answer = () => ({ status: 200, body: completion });
    await workspace(headerTarget('CG_HEADER_KEY'));
    const first = await cli(['replay', '--sim-time-scale', '0'], { CG_HEADER_KEY: VALUE_A });
    expect(first.code, first.out).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) {
      expect(h['api-key']).toBe(VALUE_A);
      expect(h['x-tenant']).toBe('acme');
    }
    // Another value of the same variable: the same frozen change (one target row, one fingerprint).
    seen.length = 0;
    const second = await cli(['replay', '--sim-time-scale', '0', '--new', '--no-cache'], { CG_HEADER_KEY: VALUE_B });
    expect(second.code, second.out).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    for (const h of seen) expect(h['api-key']).toBe(VALUE_B);
    const readTargets = () => {
      const d = db();
      try {
        return d.prepare("SELECT fingerprint, config_json FROM targets WHERE name = 'candidate' ORDER BY id").all() as { fingerprint: string; config_json: string }[];
      } finally {
        d.close();
      }
    };
    const once = readTargets();
    expect(once).toHaveLength(1);
    expect(JSON.parse(once[0]!.config_json).headers).toEqual({ 'api-key': { env: 'CG_HEADER_KEY' }, 'x-tenant': 'acme' });
    // Another variable: another fingerprint.
    const file = join(tmp, 'canary-gate.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('{ env: CG_HEADER_KEY }', '{ env: CG_OTHER_HEADER_KEY }'));
    const third = await cli(['replay', '--sim-time-scale', '0'], { CG_OTHER_HEADER_KEY: VALUE_A });
    expect(third.code, third.out).toBe(0);
    const twice = readTargets();
    expect(twice).toHaveLength(2);
    expect(twice[1]!.fingerprint).not.toBe(twice[0]!.fingerprint);
    for (const out of [first.out, second.out, third.out]) {
      expect(out).not.toContain(VALUE_A);
      expect(out).not.toContain(VALUE_B);
    }
    for (const f of filesUnder(tmp)) {
      const bytes = readFileSync(f);
      expect(bytes.includes(VALUE_A), f).toBe(false);
      expect(bytes.includes(VALUE_B), f).toBe(false);
    }
  }, 120_000);

  it('missing: exit 2 naming the target, the header and the variable, and no run is created', async () => {
    answer = () => ({ status: 200, body: completion });
    await workspace(headerTarget('CG_UNSET_HEADER_KEY'));
    const res = await cli(['replay', '--sim-time-scale', '0'], {});
    expect(res.code, res.out).toBe(2);
    expect(res.out).toContain('environment variable CG_UNSET_HEADER_KEY (the value of header "api-key" of target "candidate") is not set');
    expect(res.out).not.toMatch(/at .*\.js:\d+/);
    expect(seen).toHaveLength(0);
    const d = db();
    try {
      expect(d.prepare('SELECT COUNT(*) AS n FROM runs').get()).toEqual({ n: 0 });
    } finally {
      d.close();
    }
  }, 120_000);
});

describe('an endpoint that refuses the configuration', () => {
  const counts = () => {
    const d = db();
    try {
      return { runs: (d.prepare('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n, results: (d.prepare('SELECT COUNT(*) AS n FROM results').get() as { n: number }).n };
    } finally {
      d.close();
    }
  };

  it('a 400 for temperature: "hot" stops the replay at once: exit 2 with the provider message, no run, no results', async () => {
    // The simulated endpoint answers a string temperature as OpenAI does: 400 invalid_request_error.
    await workspace('    provider: openai-chat\n    base_url: sim\n    model: sim-candidate\n    params:\n      temperature: hot\n');
    const res = await cli(['replay', '--sim-time-scale', '0']);
    expect(res.code, res.out).toBe(2);
    expect(res.out).toContain('canary-gate replay: targets.candidate: the candidate target "candidate" was refused by its endpoint');
    expect(res.out).toContain('HTTP 400: ');
    expect(res.out).toContain('Invalid request: temperature');
    expect(res.out).toContain('Fix the target in canary-gate.yaml');
    expect(res.out).not.toMatch(/circuit|retry-infra-errors|infra error|too many times/i);
    expect(res.out).not.toMatch(/at .*\.js:\d+/);
    expect(counts()).toEqual({ runs: 0, results: 0 });
  }, 120_000);

  it('base_url: file:///x is bad input before any run exists', async () => {
    await workspace('    provider: openai-chat\n    base_url: http://127.0.0.1:9/v1\n    model: gw-candidate\n');
    const file = join(tmp, 'canary-gate.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('http://127.0.0.1:9/v1', 'file:///x'));
    const res = await cli(['replay', '--sim-time-scale', '0']);
    expect(res.code, res.out).toBe(2);
    expect(res.out).toContain('targets.candidate.base_url');
    expect(res.out).toContain('must be an http:// or https:// URL (or `sim` for the simulated endpoint), got "file:///x"');
    expect(res.out).not.toMatch(/circuit|retry-infra-errors|infra error/i);
    expect(counts()).toEqual({ runs: 0, results: 0 });
  }, 120_000);

  it('a missing API key variable is exit 2 before any run exists', async () => {
    answer = () => ({ status: 200, body: completion });
    await workspace(`    provider: openai-chat\n    base_url: ${baseUrl}\n    model: gw-candidate\n    api_key_env: CG_UNSET_API_KEY\n`);
    const res = await cli(['replay', '--sim-time-scale', '0'], {});
    expect(res.code, res.out).toBe(2);
    expect(res.out).toContain('environment variable CG_UNSET_API_KEY (the API key of target "candidate") is not set');
    expect(seen).toHaveLength(0);
    expect(counts()).toEqual({ runs: 0, results: 0 });
  }, 120_000);
});
