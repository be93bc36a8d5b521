import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReports } from '../../shared/domain/run-overview.js';
import { sha256Hex } from '../hashing.js';
import { ENVELOPE_FILE, MANIFEST_FILE, MARKDOWN_FILE, REPORT_FILE } from '../reports/export-report.js';
import type { Store } from '../store/index.js';
import { unknownRunError } from './unknown-run.js';

/** Whether a file is there (a folder or a broken link of that name is not the file). */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Whether the report file in the folder is still the one recorded (a later gate into the same folder replaces it). */
function stillCurrent(reportFile: string, reportSha256: string): boolean {
  if (!isFile(reportFile)) return false;
  try {
    return sha256Hex(readFileSync(reportFile)) === reportSha256;
  } catch {
    return false;
  }
}

/**
 * The gate reports exported for a run, newest first: where they went, whether signed, the verdict of the evaluation
 * they report, and the files the gate command writes there (report, summary, manifest, and the DSSE envelope when
 * signed) with whether each is still on disk.
 */
export function runReports(store: Store, runId: string): RunReports {
  if (!store.runs.get(runId)) throw unknownRunError(store, runId);
  return {
    reports: store.reports.byRun(runId).map((r) => {
      const names = [REPORT_FILE, MARKDOWN_FILE, MANIFEST_FILE, ...(r.signed ? [ENVELOPE_FILE] : [])];
      const dirThere = existsSync(r.outDir);
      return {
        created_at: r.createdAt,
        out_dir: r.outDir,
        signed: r.signed,
        verdict: r.verdict,
        report_sha256: r.reportSha256,
        current: dirThere && stillCurrent(join(r.outDir, REPORT_FILE), r.reportSha256),
        files: names.map((name) => {
          const path = join(r.outDir, name);
          return { name, path, exists: dirThere && isFile(path) };
        }),
      };
    }),
  };
}
