// What `npm run dist:desktop` relies on, checked without the Electron binary.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string; scripts: Record<string, string>; optionalDependencies: Record<string, string> };
const builder = parse(readFileSync(`${root}electron-builder.yml`, 'utf8')) as { electronVersion: string; files: string[] };
const tsconfig = readFileSync(`${root}tsconfig.electron.json`, 'utf8');

describe('desktop packaging', () => {
  it('builds for the Electron version package.json installs', () => {
    expect(builder.electronVersion).toBe(pkg.optionalDependencies.electron);
  });

  it('"main" is what tsc -p tsconfig.electron.json emits for electron/main.ts, and npm run build runs that compile', () => {
    expect(pkg.main).toBe('dist/electron/main.js');
    expect(existsSync(`${root}electron/main.ts`)).toBe(true);
    expect(tsconfig).toMatch(/"outDir": "dist"/);
    expect(tsconfig).toMatch(/"rootDir": "\."/);
    expect(pkg.scripts.build).toMatch(/npm run build:electron/);
    expect(pkg.scripts['build:electron']).toBe('tsc -p tsconfig.electron.json');
    expect(pkg.scripts['dist:desktop']).toMatch(/^npm run build && electron-builder /);
  });

  it('the files main.ts loads at run time have their sources beside it', () => {
    const main = readFileSync(`${root}electron/main.ts`, 'utf8');
    expect(main).toContain("join(here, 'preload.cjs')");
    expect(main).toContain("join(here, 'engine-host.js')");
    expect(main).toContain("join(here, '..', 'renderer', 'index.html')");
    expect(existsSync(`${root}electron/preload.cts`)).toBe(true);
    expect(existsSync(`${root}electron/engine-host.ts`)).toBe(true);
  });

  it('ships dist/ (the app, its engine and the UI) and package.json, without benchmarks or test helpers', () => {
    expect(builder.files).toEqual(expect.arrayContaining(['dist/**', 'package.json', '!dist/bench/**', '!dist/e2e/**', '!dist/test-support/**']));
  });
});
