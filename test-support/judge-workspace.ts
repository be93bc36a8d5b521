import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { importIntoWorkspace } from '../engine/importers/import-into-workspace.js';
import { packageRoot } from '../engine/package-root.js';
import { prepareRun } from '../engine/replay/prepare-run.js';
import { openStore, type Store } from '../engine/store/index.js';
import { resolveTarget } from '../engine/targets/resolve-target.js';
import { openWorkspace, type Workspace } from '../engine/workspace.js';

/** A workspace made of fixtures/judges (sim targets, sim judges, the `judged` suite) with the shipped capture imported. */
export interface JudgeWorkspace {
  dir: string;
  ws: Workspace;
  store: Store;
  suiteFile: string;
  /** Rewrites the suite file (its YAML text) and the workspace config (a transform of its text), then reopens the workspace. */
  edit(opts: { suite?: (text: string) => string; config?: (text: string) => string }): void;
  prepare(opts?: { forceNew?: boolean }): string;
  close(): void;
}

/** For tests: a fresh judge workspace in a temp dir. */
export async function judgeWorkspace(): Promise<JudgeWorkspace> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-judges-'));
  const fixtures = join(packageRoot(), 'fixtures', 'judges');
  mkdirSync(join(dir, 'evals', 'suites'), { recursive: true });
  copyFileSync(join(fixtures, 'canary-gate.yaml'), join(dir, 'canary-gate.yaml'));
  const suiteFile = join(dir, 'evals', 'suites', 'judged.yaml');
  copyFileSync(join(fixtures, 'evals', 'suites', 'judged.yaml'), suiteFile);
  const self: JudgeWorkspace = {
    dir,
    ws: openWorkspace(dir),
    store: undefined as unknown as Store,
    suiteFile,
    edit({ suite, config }) {
      if (suite) writeFileSync(suiteFile, suite(readFileSync(suiteFile, 'utf8')));
      if (config) writeFileSync(join(dir, 'canary-gate.yaml'), config(readFileSync(join(dir, 'canary-gate.yaml'), 'utf8')));
      self.ws = openWorkspace(dir);
    },
    prepare(opts = {}) {
      const { ws } = self;
      const baseline = resolveTarget(ws.config, 'baseline', ws.configFile);
      const candidate = resolveTarget(ws.config, 'candidate', ws.configFile);
      return prepareRun(self.store, { suiteFile, suiteSource: relative(dir, suiteFile), baseline, candidate, repeats: 1, config: ws.config, configFile: ws.configFile, ...opts }).run.id;
    },
    close() {
      self.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  self.store = openStore(self.ws.databaseFile);
  await importIntoWorkspace(self.ws, self.store, { paths: [join(packageRoot(), 'fixtures', 'traffic', 'support-bot-capture.jsonl')] });
  return self;
}

/** The workspace's baseline and candidate targets. */
export function judgeArms(ws: Workspace) {
  return { baseline: resolveTarget(ws.config, 'baseline', ws.configFile), candidate: resolveTarget(ws.config, 'candidate', ws.configFile) };
}
