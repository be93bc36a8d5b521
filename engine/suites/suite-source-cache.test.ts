import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { initWorkspace, openWorkspace, type Workspace } from '../workspace.js';
import { setCaseStatus } from './case-status.js';
import { lintSuite } from './lint-suite.js';
import { listSuites } from './list-suites.js';
import { parseSuiteSource } from './load-suite.js';
import { viewSuite } from './suite-file-view.js';
import { saveCaseExpectations } from './save-expectations.js';
import { cachedSuiteSource } from './suite-source-cache.js';
import * as loadSuite from './load-suite.js';

const SUITE = (name: string, ids: string[]) =>
  `name: ${name}\ncases:\n${ids.map((id) => `  - id: ${id}\n    status: draft\n    input:\n      messages:\n        - { role: user, content: "mail <EMAIL_1>" }\n    expectations:\n      - type: contains\n        value: <EMAIL_2>\n`).join('')}`;

let dir: string;
let ws: Workspace;
let store: Store;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cg-suite-cache-'));
  initWorkspace(dir);
  ws = openWorkspace(dir);
  store = openStore(ws.databaseFile);
});
afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one cached reader of suite files', () => {
  it('an unchanged file is parsed once for suite list and the Suites screen; a changed one is read again', () => {
    const file = join(dir, 'evals', 'suites', 'cached.yaml');
    writeFileSync(file, SUITE('cached', ['a', 'b']));
    const first = cachedSuiteSource(file);
    expect(listSuites(dir, ws.config).find((s) => s.file === 'evals/suites/cached.yaml')).toMatchObject({ name: 'cached', cases: 2 });
    expect(cachedSuiteSource(file)).toBe(first);
    expect(viewSuite(dir, 'evals/suites/cached.yaml').source).toBe(first);

    writeFileSync(file, SUITE('cached', ['a', 'b', 'c']));
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(listSuites(dir, ws.config).find((s) => s.file === 'evals/suites/cached.yaml')).toMatchObject({ cases: 3 });
    const view = viewSuite(dir, 'evals/suites/cached.yaml');
    expect(view.source).not.toBe(first);
    expect(view.cases.map((c) => [c.evalCase.id, c.line])).toEqual([['a', 3], ['b', 11], ['c', 19]]);
  });

  it('a broken file keeps its error (file, line, field) while unchanged', () => {
    const file = join(dir, 'evals', 'suites', 'broken.yaml');
    writeFileSync(file, 'name: broken\ncases:\n  - id: x\n    staus: draft\n    input: { messages: [{ role: user, content: hi }] }\n');
    const listed = () => listSuites(dir, ws.config).find((s) => s.file === 'evals/suites/broken.yaml')!.error;
    expect(listed()).toMatch(/broken\.yaml:4: cases\.0\.staus: unknown key `staus`/);
    expect(listed()).toBe(listed());
    expect(() => cachedSuiteSource(file)).toThrow(/unknown key `staus`/);
  });

  it('lint of the source already read finds exactly what lint of the path finds', () => {
    const file = join(dir, 'evals', 'suites', 'same.yaml');
    writeFileSync(file, SUITE('same', ['p', 'q']));
    const fromPath = lintSuite(file, store, ws.config);
    expect(fromPath.findings.length).toBeGreaterThan(2);
    expect(lintSuite(parseSuiteSource(file), store, ws.config)).toEqual(fromPath);
    expect(lintSuite(viewSuite(dir, 'evals/suites/same.yaml').source, store, ws.config)).toEqual(fromPath);
  });

  it('a status change or an expectations save leaves the file as written in the cache: the next read parses nothing', () => {
    const file = join(dir, 'evals', 'suites', 'edited.yaml');
    writeFileSync(file, SUITE('edited', ['m', 'n']));
    viewSuite(dir, 'evals/suites/edited.yaml');
    const read = vi.spyOn(loadSuite, 'readSuiteSource');
    const changed = setCaseStatus(file, 'n', 'active', 'Ada', '2026-12-08T03:00:00Z');
    expect(changed.line).toBe(12);
    const afterStatus = viewSuite(dir, 'evals/suites/edited.yaml');
    expect(afterStatus.text).toBe(readFileSync(file, 'utf8'));
    expect(afterStatus.byId.get('n')!.evalCase).toMatchObject({ status: 'active', status_history: [{ status: 'active', by: 'Ada' }] });
    const saved = saveCaseExpectations(afterStatus, 'm', '- type: no_refusal\n');
    expect(saved.specs).toEqual([{ type: 'no_refusal' }]);
    const afterSave = viewSuite(dir, 'evals/suites/edited.yaml');
    expect(afterSave.text).toBe(readFileSync(file, 'utf8'));
    expect(afterSave.byId.get('m')!.evalCase.expectations).toEqual([{ type: 'no_refusal' }]);
    expect(read).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
