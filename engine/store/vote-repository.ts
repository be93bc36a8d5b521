import type { Database, Statement } from 'better-sqlite3';
import type { Vote, VoteChoice } from '../../shared/domain/review-votes.js';

/** A vote as the engine writes it. */
export interface NewVote {
  runId: string;
  caseKey: string;
  reviewer: string;
  choice: VoteChoice;
  note: string | null;
  baselineSide: 'left' | 'right';
  votedAt: string;
}

interface RawVote {
  run_id: string;
  case_key: string;
  reviewer: string;
  choice: VoteChoice;
  note: string | null;
  baseline_side: 'left' | 'right';
  voted_at: string;
}

const toVote = (r: RawVote): Vote => ({
  reviewer: r.reviewer, run_id: r.run_id, case_id: r.case_key, choice: r.choice, note: r.note, baseline_side: r.baseline_side, voted_at: r.voted_at,
});

/** Blind-review votes: one per (run, case, reviewer); a new vote replaces the old one. */
export class VoteRepository {
  private readonly upsertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly listStmt: Statement;
  private readonly listByReviewerStmt: Statement;
  private readonly caseInRunStmt: Statement;

  constructor(db: Database) {
    this.upsertStmt = db.prepare(`INSERT INTO votes (run_id, case_key, reviewer, choice, note, baseline_side, voted_at) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id, case_key, reviewer) DO UPDATE SET choice = excluded.choice, note = excluded.note,
        baseline_side = excluded.baseline_side, voted_at = excluded.voted_at`);
    this.getStmt = db.prepare('SELECT * FROM votes WHERE run_id = ? AND case_key = ? AND reviewer = ?');
    // Oldest first; a replaced vote takes its new time. The id breaks ties between votes of the same millisecond.
    this.listStmt = db.prepare('SELECT * FROM votes WHERE run_id = ? ORDER BY voted_at, id');
    this.listByReviewerStmt = db.prepare('SELECT * FROM votes WHERE run_id = ? AND reviewer = ? ORDER BY voted_at, id');
    this.caseInRunStmt = db.prepare('SELECT 1 FROM cases c JOIN runs r ON r.suite_id = c.suite_id WHERE r.id = ? AND c.case_key = ?').pluck();
  }

  /** Stores the vote, replacing the reviewer's earlier vote on the same case of the run; returns it as stored. */
  upsert(v: NewVote): Vote {
    this.upsertStmt.run(v.runId, v.caseKey, v.reviewer, v.choice, v.note, v.baselineSide, v.votedAt);
    return toVote(this.getStmt.get(v.runId, v.caseKey, v.reviewer) as RawVote);
  }

  /** The votes on a run (of one reviewer, when given), oldest first. */
  list(runId: string, reviewer?: string): Vote[] {
    const rows = (reviewer === undefined ? this.listStmt.all(runId) : this.listByReviewerStmt.all(runId, reviewer)) as RawVote[];
    return rows.map(toVote);
  }

  /** Whether the run's suite has a case with this key. */
  caseInRun(runId: string, caseKey: string): boolean {
    return this.caseInRunStmt.get(runId, caseKey) !== undefined;
  }
}
