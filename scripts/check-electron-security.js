#!/usr/bin/env node
// `npm run lint:electron` (part of `npm test`): runs @doyensec/electronegativity on the desktop app's code and
// fails on any HIGH finding, or on any file it could not parse (an unparsed file is an unchecked one). Lower
// findings are printed for review. Electronegativity itself always exits 0, hence this wrapper.
//
// It scans a staged copy: electron/*.ts without the tests (whose fakes would be reported), preload.cts renamed
// .ts (electronegativity reads only .js/.ts/.html files), and the renderer page with its CSP meta tag.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(projectRoot, 'package.json'));
// --root <dir> scans another tree of the same shape (electron/, renderer/index.html, package.json): for the test
// that proves the check fails on an insecure app.
const rootFlag = process.argv.indexOf('--root');
const root = rootFlag >= 0 && process.argv[rootFlag + 1] ? resolve(process.argv[rootFlag + 1]) : projectRoot;

// AvailableSecurityFixesGlobalCheck asks GitHub for Electron's release list: not reachable from CI, and a
// finding that depends on the network would make the check flaky. Dependency updates are a separate job.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const FAILING_SEVERITY = 3; // HIGH, electronegativity's top level

/** Copies what ships of the desktop app into a fresh folder; returns the folder and its renamed files. */
function stage() {
  const dir = mkdtempSync(join(tmpdir(), 'canary-gate-electronegativity-'));
  const renamed = new Map();
  mkdirSync(join(dir, 'electron'));
  for (const name of readdirSync(join(root, 'electron'))) {
    if (name.endsWith('.test.ts') || name.endsWith('.d.ts')) continue;
    if (name.endsWith('.ts')) copyFileSync(join(root, 'electron', name), join(dir, 'electron', name));
    if (name.endsWith('.cts')) {
      const staged = name.replace(/\.cts$/, '.ts');
      copyFileSync(join(root, 'electron', name), join(dir, 'electron', staged));
      renamed.set(`electron/${staged}`, `electron/${name}`);
    }
  }
  mkdirSync(join(dir, 'renderer'));
  copyFileSync(join(root, 'renderer', 'index.html'), join(dir, 'renderer', 'index.html'));
  return { dir, renamed };
}

/** The Electron version the app is built for (an optional dependency, which electronegativity does not read). */
function electronVersion() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const version = pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron;
  if (typeof version !== 'string') throw new Error('package.json names no electron version (optionalDependencies.electron)');
  return version.replace(/^[\^~]/, '');
}

/**
 * Keeps the scan offline and quick: electronegativity downloads translations with `got` before every run (1 s
 * timeout, retried: about 7 s lost where there is no network, as in CI). With this stand-in the download fails at
 * once and the bundled English texts are used, exactly as they are after a timeout.
 */
function offlineGot() {
  const electronegativity = require.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(electronegativity).resolve('got');
  const refuse = () => Promise.reject(new Error('offline: check-electron-security makes no network requests'));
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = Object.assign(refuse, { get: refuse, head: refuse });
  require.cache[gotPath] = stub;
}

async function main() {
  offlineGot();
  const run = require('@doyensec/electronegativity');
  const { dir, renamed } = stage();
  // Electronegativity tries to download translations and says so on stdout when it cannot (always, offline).
  const log = console.log;
  console.log = (...args) => {
    if (String(args[0]).startsWith('Could not retrieve updated translations')) return;
    log(...args);
  };
  let result;
  try {
    result = await run({ input: dir, isRelative: true, electronVersionOverride: electronVersion(), excludeFromScan: EXCLUDED_CHECKS });
  } finally {
    console.log = log;
    rmSync(dir, { recursive: true, force: true });
  }
  const where = (file) => {
    const rel = String(file).replace(/\\/g, '/').replace(/^\/+/, '');
    return renamed.get(rel) ?? rel;
  };
  const findings = result.issues.sort((a, b) => b.severity.value - a.severity.value || a.id.localeCompare(b.id));
  for (const issue of findings) {
    const place = issue.file === 'N/A' ? '(whole app)' : `${where(issue.file)}:${issue.location.line}:${issue.location.column}`;
    const review = issue.manualReview ? ' [manual review]' : '';
    process.stdout.write(`${issue.severity.name.padEnd(13)} ${issue.confidence.name.padEnd(9)} ${issue.id}  ${place}${review}\n    ${issue.description}\n`);
  }
  for (const error of result.errors) process.stdout.write(`PARSE ERROR   ${where(error.file)}: ${error.message ?? JSON.stringify(error)}\n`);
  const high = findings.filter((i) => i.severity.value >= FAILING_SEVERITY);
  const summary = `electronegativity: ${findings.length} finding(s), ${high.length} HIGH, ${result.errors.length} file(s) not parsed (${result.globalChecks + result.atomicChecks} checks)`;
  if (high.length > 0 || result.errors.length > 0) {
    process.stderr.write(`${summary}: fix the HIGH findings and parse errors above (npm run lint:electron)\n`);
    process.exit(1);
  }
  process.stdout.write(`${summary}\n`);
}

main().catch((err) => {
  process.stderr.write(`electronegativity could not run: ${err.stack ?? err}\n`);
  process.exit(1);
});
