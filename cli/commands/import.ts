import { captureFormats, type CaptureFormat } from '../../engine/importers/formats/format.js';
import type { ImportSummary } from '../../engine/importers/import-captures.js';
import { importIntoWorkspace } from '../../engine/importers/import-into-workspace.js';
import { InputError } from '../../engine/errors.js';
import { openStore } from '../../engine/store/index.js';
import { initWorkspace, isWorkspace, openWorkspace } from '../../engine/workspace.js';
import type { CliIo, Command } from '../command.js';
import { workspaceDir } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { printable } from '../printable.js';
import { progressBar } from '../progress.js';
import { positiveInt } from './option-values.js';

function printSummary(s: ImportSummary, io: CliIo, total: number, slices: string): void {
  const redaction = s.redacted
    ? `redacted ${Object.entries(s.redactions).map(([k, n]) => `${n} ${k}`).join(', ') || 'nothing'}`
    : 'REDACTION OFF (--no-redact): samples were stored as captured';
  io.out(
    `Imported ${s.imported} sample(s), ${s.duplicates} duplicate(s), ${s.rejected} rejected` +
      `${s.not_sampled ? `, ${s.not_sampled} not sampled` : ''}${s.skipped ? `, ${s.skipped} skipped (not model calls)` : ''} — from ${s.records} record(s) in ${s.files.length} file(s); ${redaction}.`,
  );
  const skippedBy = Object.entries(s.skipped_by);
  if (skippedBy.length > 0) io.out(`  skipped: ${skippedBy.map(([reason, n]) => `${n} × ${printable(reason)}`).join('; ')}`);
  for (const f of s.files) io.out(`  ${printable(f.file)}: ${f.format ?? 'unknown format'}, ${f.records} record(s), ${f.samples} sample(s), ${f.rejected} rejected${f.error ? ` — ${f.error}` : ''}`);
  for (const r of s.rejects.slice(0, 20)) io.err(`  ${printable(r.file)}:${r.line}: ${printable(r.reason)}`);
  if (s.rejected > 20) io.err(`  … and ${s.rejected - 20} more rejected`);
  for (const e of s.file_errors) io.err(`  ${printable(e.file)}${e.line ? `:${e.line}` : ''}: ${printable(e.reason)}`);
  if (s.rejects_file) io.err(`Rejected records are listed in ${printable(s.rejects_file)}`);
  if (s.sample_allocation) io.out(`Stratified sample by slice: ${Object.entries(s.sample_allocation).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.interrupted) io.out('Interrupted: what was read so far is stored; run the same command again to import the rest.');
  io.out(total === 0 ? 'Workspace now holds no samples.' : `Workspace now holds ${total} sample(s): ${slices}`);
}

/** `canary-gate import`: captured traffic in any supported format into the workspace database, redacted. */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import captured traffic (canonical, OpenAI, Anthropic, OTel GenAI, Langfuse; .gz; folders), secrets redacted',
  usage: 'import <files or folders…> [--format <f>] [--sample <n> --by slice [--min-per-slice <k>] [--seed <s>]] [--no-redact] [--json]',
  options: {
    format: { type: 'string' },
    sample: { type: 'string' },
    by: { type: 'string', default: 'slice' },
    'min-per-slice': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    redact: { type: 'boolean' },
    'no-redact': { type: 'boolean', default: false },
  },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    if (positionals.length === 0) {
      io.err('canary-gate import: name at least one capture file or folder');
      return EXIT.badInput;
    }
    const format = values.format as string | undefined;
    if (format !== undefined && !(captureFormats as readonly string[]).includes(format)) {
      throw new InputError(`unknown format "${format}" (one of: ${captureFormats.join(', ')})`, { field: '--format' });
    }
    if (values.by !== 'slice') throw new InputError(`only --by slice is supported, got "${String(values.by)}"`, { field: '--by' });
    const sample = values.sample === undefined ? undefined : {
      n: positiveInt(values.sample, 'sample', 1),
      minPerSlice: positiveInt(values['min-per-slice'], 'min-per-slice', 0),
      seed: positiveInt(values.seed, 'seed', 0),
    };
    const dir = workspaceDir(values, io);
    if (!isWorkspace(dir)) {
      const { root } = initWorkspace(dir);
      io.err(`(${root} was not a workspace: initialised it, as 'canary-gate init' would)`);
    }
    const ws = openWorkspace(dir);
    const redact = values['no-redact'] ? false : (values.redact as boolean | undefined);
    const store = openStore(ws.databaseFile);
    const bar = progressBar('import', io.isTty && !values.json);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      const summary = await importIntoWorkspace(ws, store, {
        paths: positionals,
        ...(format ? { format: format as CaptureFormat } : {}),
        ...(redact !== undefined ? { redact } : {}),
        ...(sample ? { sample } : {}),
        cwd: io.cwd,
        signal: abort.signal,
        onProgress: (p) => bar.update(Math.round(p.bytesRead / 1048576), Math.max(1, Math.round(p.bytesTotal / 1048576)), `MiB, ${p.records} records`),
      });
      bar.finish();
      if (values.json) io.out(JSON.stringify(summary, (k, v) => (k === 'preview' ? undefined : k === 'rejects' ? (v as unknown[]).slice(0, 50) : v)));
      else printSummary(summary, io, store.traffic.count(), store.traffic.slices().map((s) => `${s.slice ?? '(none)'} ${s.n}`).join(', '));
      if (summary.interrupted) return EXIT.infra;
      return summary.imported + summary.duplicates + summary.not_sampled === 0 ? EXIT.badInput : EXIT.ok;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      store.close();
    }
  },
};
