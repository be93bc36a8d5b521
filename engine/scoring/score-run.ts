import type { ChatMessage } from '../../shared/domain/capture.js';
import type { ScorerSpec, ScorerSpecOf } from '../../shared/domain/scorer-spec.js';
import type { ScoredOutput } from '../../shared/scorers/output-text.js';
import { expectationName, isEngineScorer, scoreOutput, type Score, type ScoringContext } from '../../shared/scorers/score-expectation.js';
import { unknownRunError } from '../runs/unknown-run.js';
import type { ScoreRow, ScoringInput, Store } from '../store/index.js';
import { scoringRepository, type ScoringResult } from '../store/scoring-repository.js';
import type { CustomScoringItem } from './custom-scorer-runner.js';
import { inputTextOf } from './input-text.js';

/** Expectations (and reference answers) by case key that replace those stored with the run: a suite file's current ones. */
export interface CurrentExpectations {
  /** The suite file's digest and path, recorded with the scoring. */
  digest: string;
  path: string;
  cases: ReadonlyMap<string, { expectations: readonly ScorerSpec[]; reference?: string | undefined }>;
}

export interface ScoreRunOptions {
  /** The workspace whose evals/scorers/ modules score `custom` expectations. */
  workspaceRoot?: string;
  /** Score with these expectations where a case's key matches (else the stored ones). */
  current?: CurrentExpectations;
  /** Limits of the custom scorers' workers. */
  customLimits?: { timeoutMs?: number; memoryMb?: number };
}

/** What a scoring did: results scored, scores written, failures (errors excluded), scorer errors, and per scorer version. */
export interface ScoreRunTotals {
  results: number;
  scores: number;
  failed: number;
  errors: number;
  /** How many scores each scorer version produced (`catalogue/regex@1`, a judge's or a module's version). */
  versions: Record<string, number>;
  /** Cases scored with the current suite file's expectations, and with the stored ones. */
  casesFromFile: number;
  casesStored: number;
}

/** One case as its scorers need it, prepared once for all its results. */
interface CaseScoring {
  key: string;
  catalogue: ScorerSpec[];
  custom: ScorerSpecOf<'custom'>[];
  context: ScoringContext;
  messages: ChatMessage[];
  fromFile: boolean;
}

const needsInput = (specs: readonly ScorerSpec[]) => specs.some((s) => s.type === 'pii_leak' || s.type === 'custom');

/** Builds a case's scoring from what the database holds of it and, when the key matches, the current expectations. */
function prepareCase(read: (withInput: boolean) => ScoringInput | undefined, current: CurrentExpectations | undefined): CaseScoring | undefined {
  let stored = read(false);
  if (!stored) return undefined;
  const fresh = current?.cases.get(stored.key);
  const specs = fresh ? fresh.expectations : stored.expectations;
  if (needsInput(specs)) stored = read(true) ?? stored;
  const reference = fresh?.reference ?? stored.reference;
  const messages = stored.input?.messages ?? [];
  const context: ScoringContext = { documents: stored.documents, ...(reference === undefined ? {} : { reference }) };
  if (specs.some((s) => s.type === 'pii_leak')) context.inputText = inputTextOf(messages, stored.documents, stored.input?.toolResults ?? []);
  return {
    key: stored.key,
    catalogue: specs.filter((s) => !isEngineScorer(s)),
    custom: specs.filter((s): s is ScorerSpecOf<'custom'> => s.type === 'custom'),
    context,
    messages,
    fromFile: fresh !== undefined,
  };
}

/**
 * The prepared cases by id, keeping only the most recently used ones: results arrive in the order they were
 * replayed, so both arms of a case are usually close together, and a large suite is never held whole.
 */
function recentCases(prepare: (caseId: number) => CaseScoring | undefined, keep = 128): (caseId: number) => CaseScoring | undefined {
  const recent = new Map<number, CaseScoring>();
  return (caseId) => {
    const hit = recent.get(caseId);
    if (hit) {
      recent.delete(caseId);
      recent.set(caseId, hit);
      return hit;
    }
    const c = prepare(caseId);
    if (!c) return undefined;
    recent.set(caseId, c);
    if (recent.size > keep) recent.delete(recent.keys().next().value!);
    return c;
  };
}

/** A stored result as scorers read it. */
function outputOf(r: ScoringResult): ScoredOutput {
  const toolCalls = r.toolCallsJson ? (JSON.parse(r.toolCallsJson) as { name: string; arguments: string }[]) : [];
  return { text: r.outputText ?? '', finishReason: r.finishReason, toolCalls, latencyMs: r.latencyMs, costUsd: r.costUsd };
}

function tally(totals: ScoreRunTotals, scores: readonly Score[]): void {
  totals.scores += scores.length;
  let version = '';
  let count = 0;
  // Consecutive scores mostly share a version: count runs of one before touching the record.
  const flush = () => {
    if (count > 0) totals.versions[version] = (totals.versions[version] ?? 0) + count;
  };
  for (const s of scores) {
    if (s.error !== undefined) totals.errors++;
    else if (!s.passed) totals.failed++;
    const v = s.version ?? s.scorer;
    if (v !== version) {
      flush();
      version = v;
      count = 0;
    }
    count++;
  }
  flush();
}

/** Custom scorer calls sent to the workers at once. */
const CUSTOM_BATCH = 256;

/** The run's cases and the running totals of one scoring. */
interface Scoring {
  cases: (caseId: number) => CaseScoring | undefined;
  totals: ScoreRunTotals;
  /** Results whose case has `custom` expectations (scored after the catalogue). */
  customResults: number;
}

/** Deletes the run's scores but the judges', and scores the catalogue expectations, in one transaction (all or nothing). */
function scoreCatalogue(store: Store, runId: string, current: CurrentExpectations | undefined): Scoring {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const repo = scoringRepository(store.db);
  const cases = recentCases((caseId) => prepareCase((withInput) => store.suites.scoringInput(run.suiteId, caseId, withInput), current));
  const totals: ScoreRunTotals = { results: 0, scores: 0, failed: 0, errors: 0, versions: {}, casesFromFile: 0, casesStored: 0 };
  const seen = new Set<number>();
  let customResults = 0;
  store.db.transaction(() => {
    repo.deleteUnscorable(runId);
    for (const page of repo.scorablePages(runId)) {
      const rows: ScoreRow[] = [];
      const ids: number[] = [];
      for (const r of page) {
        ids.push(r.id);
        const c = cases(r.caseId);
        if (!c) continue;
        totals.results++;
        if (!seen.has(r.caseId)) {
          seen.add(r.caseId);
          if (c.fromFile) totals.casesFromFile++;
          else totals.casesStored++;
        }
        if (c.custom.length) customResults++;
        if (c.catalogue.length === 0) continue;
        for (const s of scoreOutput(c.catalogue, outputOf(r), c.context)) {
          // The score becomes the row (no copy: 800,000 copies were a tenth of a re-scoring's time, in the collector).
          (s as ScoreRow).resultId = r.id;
          rows.push(s as ScoreRow);
        }
      }
      // A custom expectation's score from an earlier scoring goes too: the workers write it again after this.
      repo.replacePage(ids, rows);
      tally(totals, rows);
    }
  })();
  return { cases, totals, customResults };
}

/** Records a finished scoring on the run. */
function record(store: Store, runId: string, current: CurrentExpectations | undefined, totals: ScoreRunTotals): void {
  scoringRepository(store.db).record({
    runId,
    scoredAt: new Date().toISOString(),
    suiteDigest: current?.digest ?? null,
    suitePath: current?.path ?? null,
    casesFromFile: totals.casesFromFile,
    casesStored: totals.casesStored,
    results: totals.results,
    scores: totals.scores,
    failed: totals.failed,
    errors: totals.errors,
    versions: totals.versions,
  });
}

/**
 * Scores every successful result of a run (not those stopped at an unreplayable tool call: they have no answer)
 * against its case's expectations and stores the scores, replacing earlier ones except the judges' rubric_judge
 * scores. Reads only stored outputs: re-scoring never calls a model. Catalogue scorers run in-process, a page of
 * results at a time, inside one transaction (all or nothing); `custom` expectations then go to the workspace's
 * scorer modules in workers (loaded only when a case has one). Records the scoring (expectations' source, scorer
 * versions) on the run.
 */
export async function scoreRun(store: Store, runId: string, opts: ScoreRunOptions = {}): Promise<ScoreRunTotals> {
  const scoring = scoreCatalogue(store, runId, opts.current);
  if (scoring.customResults > 0) {
    if (opts.workspaceRoot === undefined) customErrors(store, runId, scoring, 'no workspace to load evals/scorers/ from');
    else await scoreCustom(store, runId, scoring, opts.workspaceRoot, opts.customLimits ?? {});
  }
  record(store, runId, opts.current, scoring.totals);
  return scoring.totals;
}

/**
 * The same scoring, synchronously, for a caller inside a transaction (merging shard runs): `custom` expectations,
 * which need workers, are stored as scorer errors that say to run `canary-gate score --run <id>`.
 */
export function scoreRunInTransaction(store: Store, runId: string): ScoreRunTotals {
  const scoring = scoreCatalogue(store, runId, undefined);
  if (scoring.customResults > 0) customErrors(store, runId, scoring, `not scored while merging: run canary-gate score --run ${runId}`);
  record(store, runId, undefined, scoring.totals);
  return scoring.totals;
}

/** Stores every `custom` expectation of the run as a scorer error (never a silent pass). */
function customErrors(store: Store, runId: string, scoring: Scoring, why: string): void {
  const repo = scoringRepository(store.db);
  store.db.transaction(() => {
    for (const page of repo.scorablePages(runId)) {
      const rows: ScoreRow[] = [];
      for (const r of page) {
        for (const spec of scoring.cases(r.caseId)?.custom ?? []) {
          const error = `scorer "${spec.scorer}": ${why}`;
          rows.push({ resultId: r.id, name: expectationName(spec), scorer: 'custom', passed: false, severity: spec.severity ?? 'medium', category: spec.category ?? 'task_success', detail: error, error });
        }
      }
      repo.insert(rows);
      tally(scoring.totals, rows);
    }
  })();
}

/** Scores the run's `custom` expectations with the workspace's scorer modules in workers, a batch of calls at a time. */
async function scoreCustom(store: Store, runId: string, scoring: Scoring, workspaceRoot: string, limits: { timeoutMs?: number; memoryMb?: number }): Promise<void> {
  const repo = scoringRepository(store.db);
  const { openCustomScorerRunner } = await import('../custom-scorers/open-runner.js');
  const runner = openCustomScorerRunner(workspaceRoot, limits);
  try {
    let items: CustomScoringItem[] = [];
    let ids: number[] = [];
    const flush = async () => {
      if (items.length === 0) return;
      const batch = items;
      const batchIds = ids;
      items = [];
      ids = [];
      const scores = await runner.scoreMany(batch);
      const rows = scores.map((s, i) => ({ ...s, resultId: batchIds[i]! }));
      store.db.transaction(() => repo.insert(rows))();
      tally(scoring.totals, rows);
    };
    for (const page of repo.scorablePages(runId)) {
      for (const r of page) {
        const c = scoring.cases(r.caseId);
        if (!c || c.custom.length === 0) continue;
        const output = outputOf(r);
        const input = { messages: c.messages, documents: c.context.documents ?? [], ...(c.context.reference === undefined ? {} : { reference: c.context.reference }) };
        for (const spec of c.custom) {
          items.push({ spec, caseKey: c.key, output, input });
          ids.push(r.id);
        }
        if (items.length >= CUSTOM_BATCH) await flush();
      }
    }
    await flush();
  } finally {
    await runner.close();
  }
}
