import { isAbsolute, relative, sep } from 'node:path';
import type { TrafficSample } from '../../shared/domain/capture.js';
import type { EvalCase, CaseProvenance } from '../../shared/domain/suite.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { NotFoundError } from '../errors.js';
import { requestFingerprint } from '../importers/prepare-sample.js';
import type { Store } from '../store/index.js';
import { caseInputOf, mergeExpectations, recordedOf } from './load-suite.js';

/** Hex digits of the request fingerprint a drafted case's id carries (48 bits: no clash below millions of cases). */
const ID_HEX_DIGITS = 12;

/** The prefix of the ids of cases drafted from imported samples. */
export const SAMPLE_CASE_PREFIX = 'sample-';

/** Who drafts a case and when (the first step of its status history), and the workspace root. */
export interface DraftAuthor {
  by?: string;
  at?: string;
  /** Capture files inside the workspace are named relative to it: a suite in git must not carry a home folder. */
  root?: string;
}

/** A capture file as a suite names it: relative to the workspace when inside it, with forward slashes. */
function captureFileName(file: string, root: string | undefined): string {
  if (root === undefined || !isAbsolute(file)) return file;
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/** The id of the case drafted from a sample: derived from its request fingerprint, so the same traffic gets the same id in any workspace and on any re-import. */
export function sampleCaseId(fingerprintHex: string): string {
  return `${SAMPLE_CASE_PREFIX}${fingerprintHex.slice(0, ID_HEX_DIGITS)}`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A stored sample as the import kept it: the sample and where it came from. */
export interface StoredSample {
  id: number;
  sample: TrafficSample;
  slice: string | null;
  captured_at: string;
  source_id: string;
  source_file: string | null;
  source_line: number | null;
}

/** Reads one imported sample with its provenance; NotFoundError when the workspace holds no such sample. */
export function readStoredSample(store: Store, sampleId: number): StoredSample {
  const row = store.traffic.browse.sample(sampleId);
  if (!row) throw new NotFoundError(`no imported sample ${sampleId} in this workspace (list them with: canary-gate traffic)`);
  return { ...row, sample: JSON.parse(row.sample_json) as TrafficSample };
}

/**
 * Turns a stored sample into a reviewable draft case: a stable id from its request fingerprint, its slice, a
 * structured provenance, `status: draft`, the expectations its reviewers labelled merged with its slice rule's
 * (canary-gate.yaml `slices.<slice>.expectations`), and production's answer as the `reference` where the slice rule
 * says production is good.
 */
export function draftCaseFromStored(stored: StoredSample, config: WorkspaceConfig, author: DraftAuthor = {}): EvalCase {
  const { sample } = stored;
  const slice = stored.slice ?? sample.metadata.slice ?? undefined;
  const rule = slice !== undefined ? config.slices[slice] : undefined;
  const fingerprint = hex(requestFingerprint(sample));
  const recorded = recordedOf(sample);
  const provenance: CaseProvenance = {
    source: 'capture',
    ...(stored.source_file !== null ? { file: captureFileName(stored.source_file, author.root) } : {}),
    ...(stored.source_line !== null ? { line: stored.source_line } : {}),
    trace_id: stored.source_id,
    sample_id: stored.id,
    fingerprint,
    captured_at: stored.captured_at,
  };
  const at = author.at ?? new Date().toISOString();
  const by = author.by?.trim();
  return {
    id: sampleCaseId(fingerprint),
    ...(slice !== undefined ? { slice } : {}),
    status: 'draft',
    ...(by ? { status_history: [{ status: 'draft', by, at }] } : {}),
    severity: rule?.severity ?? 'medium',
    origin: 'traffic',
    provenance,
    ...(sample.metadata.session_id ? { cluster: `session:${sample.metadata.session_id}` } : {}),
    tags: [],
    input: caseInputOf(sample),
    expectations: mergeExpectations(sample.expectations, rule?.expectations),
    ...(rule?.production_is_good && recorded && recorded.text !== '' ? { reference: recorded.text } : {}),
    ...(recorded ? { recorded } : {}),
  };
}

/** Drafts a case from the imported sample with this id (see {@link draftCaseFromStored}). */
export function draftCaseFromSample(store: Store, sampleId: number, config: WorkspaceConfig, author: DraftAuthor = {}): EvalCase {
  return draftCaseFromStored(readStoredSample(store, sampleId), config, author);
}
