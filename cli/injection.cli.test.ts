// Issue 14 item 9: what came with the input cannot drive the terminal (ESC, CR in file names) nor inject HTML or
// Markdown into gate-report.md, the form posted as a pull-request comment (slice names).
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable } from './printable.js';
import { REPO_ROOT, spawnCli } from '../test-support/spawn-cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'cg-inject-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The first valid line of the shipped bad-lines capture, with another id and slice. */
function sampleLine(id: string, slice: string): string {
  const line = readFileSync(join(REPO_ROOT, 'fixtures', 'traffic', 'bad-lines.jsonl'), 'utf8').split('\n')[0]!;
  const sample = JSON.parse(line);
  sample.id = id;
  sample.metadata.slice = slice;
  return JSON.stringify(sample);
}

describe('printable', () => {
  it('shows control characters as \\uXXXX, keeping newlines only when asked', () => {
    expect(printable('a\u001b[31mb\rc\nd\u009be\u202ef')).toBe('a\\u001b[31mb\\u000dc\\u000ad\\u009be\\u202ef');
    expect(printable('line 1\nline\t2\r', { keepLines: true })).toBe('line 1\nline\t2\\u000d');
  });
});

describe('terminal injection', () => {
  it('prints a file name with ESC and CR escaped, in every line that names it', () => {
    const name = 'evil\u001b[2J\u001b[31mred\rX.jsonl';
    writeFileSync(join(tmp, name), `${sampleLine('esc-1', 'billing')}\nnot json\n`);
    const res = spawnCli(['import', name, '--workspace', 'ws-esc'], tmp);
    expect(res.code).toBe(0);
    const all = res.stdout + res.stderr;
    expect(all).not.toMatch(/[\u001b\r]/);
    expect(res.stdout).toContain('/evil\\u001b[2J\\u001b[31mred\\u000dX.jsonl: canonical, 2 record(s), 1 sample(s), 1 rejected');
    expect(res.stderr).toContain('/evil\\u001b[2J\\u001b[31mred\\u000dX.jsonl:2: ');
  });

  it('escapes them in error messages too, and keeps --json output valid JSON', () => {
    const res = spawnCli(['import', 'missing\u001b]0;title\u0007.jsonl', '--workspace', 'ws-esc', '--json'], tmp);
    expect(res.stdout + res.stderr).not.toMatch(/[\u001b\u0007]/);
    expect(JSON.parse(res.stdout).file_errors[0].file).toMatch(/missing\u001b\]0;title\u0007\.jsonl$/);
    const bad = spawnCli(['gate', '--run', 'x\u001b[31m', '--workspace', 'ws-esc'], tmp);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no run "x\\u001b[31m"');
  });
});

describe('Markdown injection', () => {
  it('writes a slice name with HTML and Markdown into gate-report.md as inert text', () => {
    const ws = join(tmp, 'ws-md');
    const slice = '<img src=https://evil.example/x.png onerror=alert(1)> ![pixel](https://evil.example/p.png) | **x**';
    writeFileSync(join(tmp, 'hostile.jsonl'), `${sampleLine('md-1', slice)}\n${sampleLine('md-2', slice)}\n`);
    expect(spawnCli(['import', 'hostile.jsonl', '--workspace', ws], tmp).code).toBe(0);
    writeFileSync(join(ws, 'all-slices.yaml'), 'name: all-slices\ntraffic: {}\ncases: []\n');
    const replay = spawnCli(['replay', '--workspace', ws, '--suite', 'all-slices.yaml', '--sim-time-scale', '0'], tmp);
    expect(replay.code, replay.stderr).toBe(0);
    spawnCli(['gate', '--workspace', ws, '--no-sign', '--out', 'report'], tmp);
    const md = readFileSync(join(tmp, 'report', 'gate-report.md'), 'utf8');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('![pixel]');
    // The slice table's row (the policy's gate on the slice `unanswerable` also quotes the run's slices in its reason).
    const row = md.split('\n').find((l) => l.startsWith('| ') && l.includes('evil.example/x.png'));
    expect(row).toBe(
      '| &lt;img src=https://evil.example/x.png onerror=alert\\(1\\)&gt; \\!\\[pixel\\]\\(https://evil.example/p.png\\) \\| \\*\\*x\\*\\* | 1 | ' + row!.split(' | ').slice(2).join(' | '),
    );
    expect(readdirSync(join(tmp, 'report'))).toContain('gate-report.json');
  }, 60_000);
});
