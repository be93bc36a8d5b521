import type { EvalCase } from '../../shared/domain/suite.js';
import { NotFoundError } from '../errors.js';
import { unknownRunError } from '../runs/unknown-run.js';
import type { Store } from '../store/index.js';
import type { DraftAuthor } from './draft-case.js';

/**
 * A draft copy of a case as a run replayed it (the side-by-side view's "add to suite"): the same id, input,
 * expectations and provenance, `status: draft`, and who drafted it when. A case resolved from a suite's traffic
 * selection lives only in the database; this writes it where a reviewer can curate it.
 */
export function draftCaseFromRunCase(store: Store, runId: string, caseKey: string, author: DraftAuthor = {}): EvalCase {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const stored = store.caseReview.caseByKey(run.suiteId, caseKey);
  if (!stored) throw new NotFoundError(`run ${runId} has no case "${caseKey}"`);
  const at = author.at ?? new Date().toISOString();
  const by = author.by?.trim();
  const { status_history: _history, ...c } = stored.evalCase;
  return { ...c, status: 'draft', ...(by ? { status_history: [{ status: 'draft', by, at }] } : {}) };
}
