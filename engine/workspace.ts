import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SIMULATED_BASE_URL, workspaceConfigSchema, type WorkspaceConfig } from '../shared/domain/target.js';
import { InputError } from './errors.js';
import { packageRoot } from './package-root.js';
import { installWorkspaceSchemas, withSchemaModeline, type SchemaKind } from './suites/json-schemas.js';
import { readYamlFile } from './yaml-file.js';

export const CONFIG_FILE = 'canary-gate.yaml';
export const STATE_DIR = '.canary-gate';
/** Modes of the state folder (and every folder in it) and of its files: the owner's alone — it holds customer traffic. */
export const STATE_DIR_MODE = 0o700;
export const STATE_FILE_MODE = 0o600;

/**
 * Creates the state folder (and its reports/ and rejects/ folders) mode 0700, and tightens what an older version
 * left wider: every folder inside to 0700, every file to 0600. Symbolic links are left alone (never followed).
 */
export function ensureStateDir(stateDir: string): void {
  mkdirSync(stateDir, { recursive: true, mode: STATE_DIR_MODE });
  for (const sub of ['reports', 'rejects']) mkdirSync(join(stateDir, sub), { recursive: true, mode: STATE_DIR_MODE });
  const pending = [stateDir];
  for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
    if ((lstatSync(dir).mode & 0o777) !== STATE_DIR_MODE) chmodSync(dir, STATE_DIR_MODE);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, STATE_FILE_MODE);
    }
  }
}

/** A workspace folder: canary-gate.yaml, evals/, and the git-ignored .canary-gate/ state. */
export interface Workspace {
  root: string;
  configFile: string;
  config: WorkspaceConfig;
  stateDir: string;
  databaseFile: string;
  keysDir: string;
}

/** The workspace config schema, plus what only Node can check: every target's base_url parses as a URL. */
const workspaceFileSchema = workspaceConfigSchema.superRefine((config, ctx) => {
  for (const [name, target] of Object.entries(config.targets)) {
    const url = target.base_url;
    if (url === undefined || url === SIMULATED_BASE_URL || URL.canParse(url)) continue;
    ctx.addIssue({ code: 'custom', path: ['targets', name, 'base_url'], message: `not a URL: "${url}" (expected e.g. https://api.openai.com/v1, or sim for the simulated endpoints)` });
  }
});

/** True when the folder holds a canary-gate.yaml. */
export function isWorkspace(dir: string): boolean {
  return existsSync(join(dir, CONFIG_FILE));
}

/** Opens the workspace at dir (its config validated); throws InputError naming the file when it is not one. */
export function openWorkspace(dir: string): Workspace {
  const root = resolve(dir);
  const configFile = join(root, CONFIG_FILE);
  if (!existsSync(configFile)) {
    throw new InputError(`not a canary-gate workspace (no ${CONFIG_FILE}); run 'canary-gate init' here or pass --workspace <dir>`, { file: configFile });
  }
  const { value: config } = readYamlFile(configFile, workspaceFileSchema);
  const stateDir = join(root, STATE_DIR);
  ensureStateDir(stateDir);
  return { root, configFile, config, stateDir, databaseFile: join(stateDir, 'canary-gate.db'), keysDir: join(stateDir, 'keys') };
}

/**
 * Makes dir a workspace: writes a canary-gate.yaml that targets the embedded simulated endpoints, copies the
 * example suite, gate policy and scorer modules into evals/, the JSON Schemas into evals/.schemas/ (each written file's
 * `# yaml-language-server: $schema=` line points at its copy, so editors check them offline), and a .gitignore for
 * the state folder. Never overwrites a file the user may have edited; the schemas, being generated, are refreshed.
 */
export function initWorkspace(dir: string): { root: string; created: string[] } {
  const root = resolve(dir);
  mkdirSync(root, { recursive: true });
  const created: string[] = [];
  const pkg = packageRoot();
  const writeIfMissing = (rel: string, from: string, kind: SchemaKind) => {
    const to = join(root, rel);
    if (existsSync(to)) return;
    mkdirSync(join(to, '..'), { recursive: true });
    writeFileSync(to, withSchemaModeline(readFileSync(from, 'utf8'), to, root, kind));
    created.push(rel);
  };
  writeIfMissing(CONFIG_FILE, join(pkg, 'fixtures', 'workspace', CONFIG_FILE), 'canary-gate');
  for (const [sub, kind] of [['suites', 'suite'], ['policies', 'policy']] as const) {
    const srcDir = join(pkg, 'evals', sub);
    if (!existsSync(srcDir) || !statSync(srcDir).isDirectory()) continue;
    for (const f of readdirSync(srcDir)) if (f.endsWith('.yaml')) writeIfMissing(join('evals', sub, f), join(srcDir, f), kind);
  }
  // Example scorer modules are code, not YAML: copied as they are (no schema line).
  const scorersDir = join(pkg, 'evals', 'scorers');
  if (existsSync(scorersDir) && statSync(scorersDir).isDirectory()) {
    for (const f of readdirSync(scorersDir)) {
      if (!/\.(?:js|mjs|ts|mts)$/.test(f)) continue;
      const rel = join('evals', 'scorers', f);
      if (existsSync(join(root, rel))) continue;
      mkdirSync(join(root, 'evals', 'scorers'), { recursive: true });
      copyFileSync(join(scorersDir, f), join(root, rel));
      created.push(rel);
    }
  }
  created.push(...installWorkspaceSchemas(root));
  const gitignore = join(root, '.gitignore');
  if (!existsSync(gitignore)) {
    writeFileSync(gitignore, `${STATE_DIR}/\n`);
    created.push('.gitignore');
  }
  ensureStateDir(join(root, STATE_DIR));
  return { root, created };
}
