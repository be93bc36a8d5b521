import { StratifiedSampler } from '../../shared/sampling/stratified-sample.js';
import type { WorkspaceConfig } from '../../shared/domain/target.js';
import { InputError } from '../errors.js';
import { NO_SLICE } from '../store/traffic-repository.js';
import type { Store } from '../store/index.js';
import { addCasesToSuite, type AddCasesResult } from './add-cases.js';
import { draftCaseFromStored, readStoredSample, type DraftAuthor } from './draft-case.js';

/** What `suite create --from-samples` selects and where it writes. */
export interface CreateSuiteOptions extends DraftAuthor {
  /** The suite file to write or update. */
  out: string;
  /** Only these slices (all imported slices when absent). */
  slices?: readonly string[];
  /** A stratified sample of this many samples in all, allocated over the slices by their sizes. */
  sample?: { n: number; seed?: number; minPerSlice?: number };
  /** The name of a new suite (default: the file's name). */
  name?: string;
  description?: string;
}

/** What createSuiteFromSamples did: the file's changes, and how many samples each slice gave. */
export interface CreateSuiteResult extends AddCasesResult {
  selected: number;
  bySlice: Record<string, number>;
}

/** The default seed of a sample: fixed, so running the same command again selects the same samples. */
export const DEFAULT_SAMPLE_SEED = 1;

/**
 * Writes imported traffic into a suite file as draft cases for review (see draftCaseFromStored): every sample of
 * the chosen slices, or a seeded stratified sample by slice. Running it again with the same selection leaves the file
 * as it is; a case a reviewer edited keeps its edits and its place; new samples are appended.
 */
export function createSuiteFromSamples(store: Store, config: WorkspaceConfig, opts: CreateSuiteOptions): CreateSuiteResult {
  const known = store.traffic.slices();
  if (known.length === 0) throw new InputError('the workspace holds no imported traffic: import captures first (canary-gate import <files or folders>)');
  const sliceOf = (s: string | null) => s ?? NO_SLICE;
  const available = new Set(known.map((k) => sliceOf(k.slice)));
  const wanted = opts.slices ?? [...available];
  const missing = wanted.filter((s) => !available.has(s));
  if (missing.length > 0) {
    throw new InputError(`no imported traffic in slice(s) ${missing.join(', ')} (imported slices: ${[...available].join(', ')})`, { field: '--slice' });
  }
  // Slices in a fixed order and samples in import order: with the seed, the same traffic gives the same selection.
  const ids: number[] = [];
  const bySlice: Record<string, number> = {};
  const sampler = opts.sample ? new StratifiedSampler<number>(opts.sample.n, opts.sample.seed ?? DEFAULT_SAMPLE_SEED) : null;
  for (const slice of [...wanted].sort()) {
    // Ids only: a sample of 50 out of 100,000 reads 50 samples, not every one (the chosen are read below).
    const sliceIds = store.traffic.idsBySlice(slice === NO_SLICE ? null : slice);
    for (const id of sliceIds) {
      if (sampler) sampler.offer(slice, id);
      else ids.push(id);
    }
    if (!sampler) bySlice[slice] = sliceIds.length;
  }
  if (sampler) {
    const { items, allocation } = sampler.select(opts.sample?.minPerSlice ?? 0);
    ids.push(...items);
    Object.assign(bySlice, allocation);
  }
  // In import order within the file, whatever order the slices or the sampler gave them in.
  ids.sort((a, b) => a - b);
  const author = { ...(opts.by !== undefined ? { by: opts.by } : {}), ...(opts.root !== undefined ? { root: opts.root } : {}), at: opts.at ?? new Date().toISOString() };
  const cases = ids.map((id) => draftCaseFromStored(readStoredSample(store, id), config, author));
  const result = addCasesToSuite(opts.out, cases, {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    ...(opts.root !== undefined ? { root: opts.root } : {}),
  });
  return { ...result, selected: ids.length, bySlice };
}
