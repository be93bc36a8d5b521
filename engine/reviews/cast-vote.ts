import { castVoteInputSchema, type Vote } from '../../shared/domain/review-votes.js';
import type { z } from 'zod';
import { InputError, NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';

/** What a vote needs: the run, the case (its suite key), who voted, the choice, an optional note and the side the baseline was on. */
export type CastVoteInput = z.input<typeof castVoteInputSchema>;

/**
 * Records a reviewer's blind vote on a case of a run, replacing their earlier vote on it. The run must exist and
 * the case must belong to the run's suite; a blank note is stored as none.
 */
export function castVote(store: Store, input: CastVoteInput, now: Date = new Date()): Vote {
  const parsed = castVoteInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { field: issue.path.join('.') || 'vote' });
  }
  const v = parsed.data;
  if (!store.runs.get(v.runId)) throw new NotFoundError(`no run "${v.runId}"`);
  if (!store.votes.caseInRun(v.runId, v.caseId)) throw new NotFoundError(`run "${v.runId}" has no case "${v.caseId}" in its suite`);
  const note = v.note?.trim() ? v.note : null;
  return store.votes.upsert({ runId: v.runId, caseKey: v.caseId, reviewer: v.reviewer, choice: v.choice, note, baselineSide: v.baselineSide, votedAt: now.toISOString() });
}
