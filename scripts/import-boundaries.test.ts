// The import boundaries of ARCHITECTURE.md are enforced by the build (npm test runs ESLint); this proves the
// rules actually fire on the imports they forbid, and stay quiet on the ones that are allowed.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it('renderer/ cannot import the engine, Node built-ins or electron', async () => {
    expect(await restrictedImportErrors("import { openStore } from '../../engine/store/index.js';\nvoid openStore;\n", 'renderer/src/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { readFileSync } from 'node:fs';\nvoid readFileSync;\n", 'renderer/src/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { ipcRenderer } from 'electron';\nvoid ipcRenderer;\n", 'renderer/src/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { contract } from '../../shared/contract/index.js';\nvoid contract;\n", 'renderer/src/x.ts')).toEqual([]);
  });

  it('shared/ cannot import Node built-ins, electron or the other layers', async () => {
    expect(await restrictedImportErrors("import { createHash } from 'node:crypto';\nvoid createHash;\n", 'shared/stats/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { app } from 'electron';\nvoid app;\n", 'shared/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { openStore } from '../engine/store/index.js';\nvoid openStore;\n", 'shared/x.ts')).toHaveLength(1);
  });

  it('only electron/ imports electron', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nvoid app;\n", 'engine/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { app } from 'electron';\nvoid app;\n", 'cli/x.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import { app } from 'electron';\nvoid app;\n", 'electron/x.ts')).toEqual([]);
  });

  it('engine/ does not import the CLI or the renderer', async () => {
    expect(await restrictedImportErrors("import { main } from '../cli/main.js';\nvoid main;\n", 'engine/x.ts')).toHaveLength(1);
  });
});
