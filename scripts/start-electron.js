#!/usr/bin/env node
// `npm start`: checks that Electron is there, builds (`npm run build` compiles electron/ too) and opens the desktop
// app on a workspace. The electron package is an optional dependency whose binary download fails on many machines
// (CI, sandboxes); there, say so plainly and point at browser mode, which serves the very same UI.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The Electron binary path, or null when the package or its downloaded binary is missing. */
function electronBinary() {
  try {
    // In Node, require('electron') returns the path of the binary; it throws when the download failed.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

// Checked before anything is built: the build takes half a minute, and would be wasted.
const electron = electronBinary();
if (!electron) {
  process.stderr.write(
    'Electron is not installed on this machine (its binary could not be downloaded); use `npm run serve` for the same UI in a browser\n',
  );
  process.exit(1);
}

// The CLI, renderer and desktop build (`npm run build`), through the npm that runs this script when there is one.
const npmCli = process.env.npm_execpath;
const build = npmCli
  ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: root, stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (build.status !== 0) process.exit(build.status ?? 1);

for (const built of [join('dist', 'renderer', 'index.html'), join('dist', 'electron', 'main.js')]) {
  if (!existsSync(join(root, built))) {
    process.stderr.write(`canary-gate: ${built} is missing after the build; run \`npm run build\` and read its errors\n`);
    process.exit(1);
  }
}

// '.' makes Electron load package.json "main" (dist/electron/main.js); extra arguments such as
// --workspace <dir> are passed through to the app.
const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
