import { join } from 'node:path';
import type { Store } from '../store/index.js';
import type { Workspace } from '../workspace.js';
import type { CaptureFormat } from './formats/format.js';
import { importCaptures, type ImportSummary } from './import-captures.js';

/** What a face may choose for one import; everything else comes from the workspace's import settings. */
export interface WorkspaceImportRequest {
  paths: readonly string[];
  format?: CaptureFormat;
  /** Overrides the workspace's `import.redact` (default on). */
  redact?: boolean;
  sample?: { n: number; minPerSlice: number; seed: number };
  /** Dry run returning the first samples as they would be stored. */
  preview?: number;
  /** Relative paths are resolved here (default: the workspace root). */
  cwd?: string;
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; bytesTotal: number; records: number }) => void;
}

/** Imports into a workspace with its configured redaction, slice rules and limits: the one entry for every face. */
export function importIntoWorkspace(ws: Workspace, store: Store, req: WorkspaceImportRequest): Promise<ImportSummary> {
  const s = ws.config.import;
  return importCaptures(req.paths, store, {
    ...(req.format ? { format: req.format } : {}),
    redact: req.redact ?? s.redact,
    redactPatterns: s.redact_patterns,
    slicePaths: s.slice_from,
    sliceMap: s.slice_map,
    maxRecordBytes: Math.round(s.max_record_mib * 1024 * 1024),
    ...(req.sample ? { sample: req.sample } : {}),
    ...(req.preview !== undefined ? { preview: req.preview } : { rejectsDir: join(ws.stateDir, 'rejects') }),
    cwd: req.cwd ?? ws.root,
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.onProgress ? { onProgress: req.onProgress } : {}),
  });
}
