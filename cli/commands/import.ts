import { join, resolve } from 'node:path';
import { importCaptureFiles } from '../../engine/importers/import-capture.js';
import { openStore } from '../../engine/store/index.js';
import { initWorkspace, isWorkspace, openWorkspace } from '../../engine/workspace.js';
import type { Command } from '../command.js';
import { workspaceDir } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { progressBar } from '../progress.js';

/** `canary-gate import`: captured traffic into the workspace database. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import captured traffic (canonical JSONL) into the workspace; bad lines are reported, never fatal',
  usage: 'import <file.jsonl>... [--workspace <dir>] [--json]',
  options: {},
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length === 0) {
      io.err('canary-gate import: name at least one capture file (JSONL, one sample per line)');
      return EXIT.badInput;
    }
    const dir = workspaceDir(values, io);
    if (!isWorkspace(dir)) {
      const { root } = initWorkspace(dir);
      if (!values.json) io.err(`(${root} was not a workspace: initialised it, as 'canary-gate init' would)`);
    }
    const ws = openWorkspace(dir);
    const store = openStore(ws.databaseFile);
    const bar = progressBar('import', io.isTty && !values.json);
    try {
      const files = positionals.map((p) => resolve(io.cwd, p));
      const summary = await importCaptureFiles(files, store, { rejectsDir: join(ws.stateDir, 'rejects'), onProgress: (n) => bar.update(n, n, 'lines') });
      bar.finish();
      if (values.json) {
        io.out(JSON.stringify({ imported: summary.imported, duplicates: summary.duplicates, rejected: summary.rejected, lines: summary.lines, rejects_file: summary.rejectsFile, slices: summary.slices, rejects: summary.rejects.slice(0, 50) }));
      } else {
        io.out(`Imported ${summary.imported} sample(s), ${summary.duplicates} duplicate(s), ${summary.rejected} rejected, of ${summary.lines} line(s).`);
        for (const r of summary.rejects.slice(0, 20)) io.err(`  ${r.file}:${r.line}: ${r.reason}`);
        if (summary.rejected > 20) io.err(`  … and ${summary.rejected - 20} more`);
        if (summary.rejectsFile) io.err(`Rejected lines are listed in ${summary.rejectsFile}`);
        io.out(`Workspace now holds ${store.traffic.count()} sample(s): ${store.traffic.slices().map((s) => `${s.slice ?? '(none)'} ${s.n}`).join(', ')}`);
      }
      return summary.imported + summary.duplicates === 0 && summary.rejected > 0 ? EXIT.badInput : EXIT.ok;
    } finally {
      store.close();
    }
  },
};
