import type { Database } from 'better-sqlite3';
import { BatchJobRepository } from './batch-job-repository.js';
import { CaseReviewRepository } from './case-review-repository.js';
import { CaseSearchRepository } from './case-search-repository.js';
import { GateRepository } from './gate-repository.js';
import { JudgementRepository } from './judgement-repository.js';
import { openDatabase, openDatabaseReadOnly } from './open-database.js';
import { ReplayLeaseRepository } from './replay-lease-repository.js';
import { ReplayWatchRepository } from './replay-watch-repository.js';
import { ReportRepository } from './report-repository.js';
import { ResponseCacheRepository } from './response-cache-repository.js';
import { ResultRepository } from './result-repository.js';
import { RunRepository } from './run-repository.js';
import { ScoreRepository } from './score-repository.js';
import { SuiteRepository } from './suite-repository.js';
import { TargetRepository } from './target-repository.js';
import { TrafficRepository } from './traffic-repository.js';
import { VoteRepository } from './vote-repository.js';

export { openDatabase, openDatabaseReadOnly } from './open-database.js';
export { migrate, SchemaError } from './migrate.js';
export { resultKey } from './result-repository.js';
export type { NewResult, ResultRow, ScorableResult } from './result-repository.js';
export type { BatchJob } from './batch-job-repository.js';
export type { LeaseTake, ReplayLeaseRow } from './replay-lease-repository.js';
export type { MergedShard, RunRow } from './run-repository.js';
export { loaded, type ScoringInput, type StoredCase } from './suite-repository.js';
export type { StoredTarget } from './target-repository.js';
export type { NewTrafficSample } from './traffic-repository.js';
export type { ScoreRow } from './score-repository.js';

/** Every repository of one database; the only place that writes SQL. */
export interface Store {
  db: Database;
  traffic: TrafficRepository;
  suites: SuiteRepository;
  targets: TargetRepository;
  runs: RunRepository;
  results: ResultRepository;
  scores: ScoreRepository;
  gates: GateRepository;
  reports: ReportRepository;
  responseCache: ResponseCacheRepository;
  batchJobs: BatchJobRepository;
  replayLeases: ReplayLeaseRepository;
  caseSearch: CaseSearchRepository;
  caseReview: CaseReviewRepository;
  replayWatch: ReplayWatchRepository;
  votes: VoteRepository;
  judgements: JudgementRepository;
  close(): void;
}

/** Opens the database file and prepares the repositories. */
export function openStore(file: string): Store {
  return storeOn(openDatabase(file));
}

/** Opens another database read-only (its schema must match this code's); any write through it fails. */
export function openStoreReadOnly(file: string): Store {
  return storeOn(openDatabaseReadOnly(file));
}

function storeOn(db: Database): Store {
  return {
    db,
    traffic: new TrafficRepository(db),
    suites: new SuiteRepository(db),
    targets: new TargetRepository(db),
    runs: new RunRepository(db),
    results: new ResultRepository(db),
    scores: new ScoreRepository(db),
    gates: new GateRepository(db),
    reports: new ReportRepository(db),
    responseCache: new ResponseCacheRepository(db),
    batchJobs: new BatchJobRepository(db),
    replayLeases: new ReplayLeaseRepository(db),
    caseSearch: new CaseSearchRepository(db),
    caseReview: new CaseReviewRepository(db),
    replayWatch: new ReplayWatchRepository(db),
    votes: new VoteRepository(db),
    judgements: new JudgementRepository(db),
    close: () => db.close(),
  };
}
