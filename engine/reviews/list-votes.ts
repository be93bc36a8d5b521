import type { Vote } from '../../shared/domain/review-votes.js';
import { NotFoundError } from '../errors.js';
import type { Store } from '../store/index.js';

/** The votes on a run, oldest first; only one reviewer's when `reviewer` is given. */
export function listVotes(store: Store, runId: string, reviewer?: string): Vote[] {
  if (!store.runs.get(runId)) throw new NotFoundError(`no run "${runId}"`);
  return store.votes.list(runId, reviewer?.trim() || undefined);
}

/** Votes as JSON Lines, one vote per line in the order given (the order `listVotes` returns), ending in a newline. */
export function votesToJsonl(votes: readonly Vote[]): string {
  return votes.map((v) => `${JSON.stringify({ run_id: v.run_id, case_id: v.case_id, reviewer: v.reviewer, choice: v.choice, note: v.note, baseline_side: v.baseline_side, voted_at: v.voted_at })}\n`).join('');
}
