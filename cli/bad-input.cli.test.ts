// Issue 14 item 6: every command, given bad arguments or bad input files, exits 2 with a message and never a
// JavaScript stack trace; the cases the issue names (keys of the wrong kind, base_url not a URL, a YAML alias bomb,
// a bad --sim-time-scale, serve on a busy port) each say so in one line.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { hasStackTrace, REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
let busy: Server;
let busyPort: number;
const demo = () => join(tmp, 'demo');
const envelope = () => join(demo(), 'gate-report.intoto.dsse.json');

/** Writes the key files of every wrong kind; returns their paths by label. */
function wrongKeys(dir: string): { publicKeys: Record<string, string>; privateKeys: Record<string, string> } {
  mkdirSync(dir, { recursive: true });
  const write = (name: string, text: string | Buffer) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const;
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const;
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding, privateKeyEncoding });
  const ed = generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding });
  const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384', publicKeyEncoding, privateKeyEncoding });
  const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256', publicKeyEncoding, privateKeyEncoding });
  const encrypted = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' },
  });
  const random = write('random.bin', randomBytes(512));
  return {
    publicKeys: {
      rsa: write('rsa.pub.pem', rsa.publicKey),
      ed25519: write('ed25519.pub.pem', ed.publicKey),
      'P-384': write('p384.pub.pem', p384.publicKey),
      'a private key': write('p256.pem', p256.privateKey),
      'random bytes': random,
      'an encrypted key': write('encrypted.pem', encrypted.privateKey),
    },
    privateKeys: {
      rsa: write('rsa.pem', rsa.privateKey),
      ed25519: write('ed25519.pem', ed.privateKey),
      'P-384': write('p384.pem', p384.privateKey),
      'a public key': write('p256.pub.pem', p256.publicKey),
      'random bytes': random,
      'an encrypted key': join(dir, 'encrypted.pem'),
    },
  };
}

/** A workspace copied from the demo's with its canary-gate.yaml replaced. */
function workspaceWithConfig(name: string, config: string): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO_ROOT, 'evals'), join(dir, 'evals'), { recursive: true });
  writeFileSync(join(dir, 'canary-gate.yaml'), config);
  return dir;
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-bad-input-'));
  const res = spawnCli(['demo', '--out', 'demo', '--sim-time-scale', '0'], tmp);
  expect(res.code, res.stderr).toBe(0);
  busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
}, 120_000);
afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the CLI and checks the bad-input contract: exit 2, something said on stderr, no stack frame anywhere. */
function expectBadInput(args: string[]): string {
  const res = spawnCli(args, tmp);
  const shown = `${args.join(' ')}\n${res.stderr}`;
  expect(hasStackTrace(res.stdout + res.stderr), shown).toBe(false);
  expect(res.stderr, shown).not.toMatch(/unexpected error/);
  expect(res.code, shown).toBe(2);
  expect(res.stderr.trim().length, shown).toBeGreaterThan(0);
  return res.stderr.trim();
}

/** As expectBadInput, and the message is exactly one line. */
function expectOneLine(args: string[]): string {
  const err = expectBadInput(args);
  expect(err.split('\n'), err).toHaveLength(1);
  return err;
}

describe('keys of the wrong kind', () => {
  it('verify --key: exit 2, one line naming the file and the problem', () => {
    const { publicKeys } = wrongKeys(join(tmp, 'keys'));
    for (const [kind, file] of Object.entries(publicKeys)) {
      const err = expectOneLine(['verify', envelope(), '--key', file]);
      expect(err, kind).toMatch(new RegExp(`^canary-gate verify: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    }
  });

  it('gate --key: exit 2, one line naming the file and the problem', () => {
    const { privateKeys } = wrongKeys(join(tmp, 'keys'));
    for (const [kind, file] of Object.entries(privateKeys)) {
      const err = expectOneLine(['gate', '--workspace', demo(), '--key', file, '--out', join(tmp, 'never-written')]);
      expect(err, kind).toMatch(/^canary-gate gate: .+: /);
    }
    expect(() => readFileSync(join(tmp, 'never-written', 'gate-report.json'))).toThrow();
  });
});

describe('bad config files', () => {
  const config = () => readFileSync(join(REPO_ROOT, 'fixtures', 'workspace', 'canary-gate.yaml'), 'utf8');

  it('base_url: not a url — exit 2 naming the file, line and field, for replay and for replay --estimate', () => {
    const text = config().replace(/^ {4}base_url: sim$/m, '    base_url: not a url');
    const ws = workspaceWithConfig('ws-bad-url', text);
    const line = text.split('\n').findIndex((l) => l.includes('not a url')) + 1;
    for (const extra of [[], ['--estimate']]) {
      const err = expectOneLine(['replay', '--workspace', ws, '--sim-time-scale', '0', ...extra]);
      expect(err.startsWith(`canary-gate replay: ${join(ws, 'canary-gate.yaml')}:${line}: targets.baseline.base_url: `), err).toBe(true);
      expect(err).toContain('"not a url"');
    }
  });

  it('a YAML alias bomb (billion laughs) is refused at once with exit 2', () => {
    const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    const ws = workspaceWithConfig('ws-bomb', `${lines.join('\n')}\ntargets: *a9\n`);
    const started = Date.now();
    const err = expectOneLine(['replay', '--workspace', ws, '--estimate']);
    expect(err).toMatch(/canary-gate\.yaml: too many alias expansions \(more than 100\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
    // A suite file is read the same way.
    const suite = join(ws, 'bomb-suite.yaml');
    copyFileSync(join(ws, 'canary-gate.yaml'), suite);
    const ok = workspaceWithConfig('ws-bomb-suite', config());
    expectOneLine(['replay', '--workspace', ok, '--estimate', '--suite', suite]);
  });
});

describe('--sim-time-scale', () => {
  it.each([['replay'], ['demo']])('%s refuses -1 and abc with exit 2 (it used to ignore them)', (cmd) => {
    const ws = cmd === 'replay' ? ['--workspace', demo()] : ['--out', join(tmp, 'demo-never')];
    for (const value of ['-1', 'abc', '']) {
      const err = expectOneLine([cmd, ...ws, `--sim-time-scale=${value}`]);
      expect(err).toBe(`canary-gate ${cmd}: --sim-time-scale: expected a number ≥ 0, got "${value}"`);
    }
  });
});

describe('serve', () => {
  it('on a busy port: exit 2, one line', () => {
    const err = expectOneLine(['serve', '--workspace', demo(), '--port', String(busyPort)]);
    expect(err).toBe(`canary-gate serve: --port: port ${busyPort} on 127.0.0.1 is already in use; pass another with --port <n> (0 picks a free one)`);
  });
});

describe('every command with bad arguments', () => {
  it('an unknown option, for each command, is a usage error', () => {
    for (const c of commands) expectBadInput([c.name, '--no-such-option']);
    expectBadInput(['no-such-command']);
  });

  it('bad values, missing files and unknown ids: exit 2 and no stack trace', () => {
    const ws = ['--workspace', demo()];
    const cases: string[][] = [
      ['init', 'stray-positional'],
      ['import'],
      ['import', 'x.jsonl', '--format', 'bogus', ...ws],
      ['import', 'x.jsonl', '--sample', 'abc', ...ws],
      ['import', 'x.jsonl', '--by', 'route', ...ws],
      ['import', join(tmp, 'no-such-file.jsonl'), ...ws],
      ['replay', ...ws, '--concurrency', '0'],
      ['replay', ...ws, '--repeats', 'two'],
      ['replay', ...ws, '--max-cost', 'lots'],
      ['replay', ...ws, '--deadline', 'forever'],
      ['replay', ...ws, '--shard', '5/4'],
      ['replay', ...ws, '--suite', 'no-such-suite.yaml'],
      ['replay', ...ws, '--baseline', 'no-such-target'],
      ['replay', ...ws, '--run', 'no-such-run'],
      ['replay', ...ws, '--run', 'x', '--suite', 'y.yaml'],
      ['replay', '--workspace', join(tmp, 'not-a-workspace')],
      ['merge', ...ws],
      ['merge', ...ws, join(tmp, 'no-such.db')],
      ['gate', ...ws, '--run', 'no-such-run'],
      ['gate', ...ws, '--policy', 'no-such-policy.yaml'],
      ['gate', ...ws, '--key', join(tmp, 'no-such-key.pem')],
      ['verify'],
      ['verify', join(tmp, 'no-such-envelope.json'), '--key', join(demo(), 'signing-key.pub.pem')],
      ['verify', envelope()],
      ['verify', envelope(), '--key', join(tmp, 'no-such-key.pem')],
      ['keys'],
      ['keys', 'frob'],
      ['serve', ...ws, '--port', 'abc'],
      ['serve', ...ws, '--port', '70000'],
      ['demo', '--out', join(tmp, 'demo-never'), '--sim-time-scale', 'fast'],
    ];
    for (const args of cases) expectBadInput(args);
  });
});
