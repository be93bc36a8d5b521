import type { Database, Statement } from 'better-sqlite3';
import type { ChatMessage, ContextDocument } from '../../shared/domain/capture.js';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { provenanceText, type EvalCase, type RecordedToolResult } from '../../shared/domain/suite.js';

/** What scoring reads of a case: its key, expectations, context documents and reference answer; its input when asked. */
export interface ScoringInput {
  key: string;
  expectations: ScorerSpec[];
  documents: ContextDocument[];
  /** The case's reference answer, when it has one (the similarity scorer's default). */
  reference?: string;
  /** The conversation and recorded tool results: read only when asked (pii_leak and custom scorers need them). */
  input?: { messages: ChatMessage[]; toolResults: RecordedToolResult[] };
}

export interface StoredCase {
  id: number;
  key: string;
  readonly evalCase: EvalCase;
}

/**
 * A stored case that reads and parses its JSON each time `evalCase` is read, so that a list of a large suite's
 * cases costs ids, not parsed conversations. Read `evalCase` once per use and keep the value (see `loaded`).
 */
class LazyStoredCase implements StoredCase {
  constructor(
    readonly id: number,
    readonly key: string,
    private readonly load: (id: number) => EvalCase,
  ) {}

  get evalCase(): EvalCase {
    return this.load(this.id);
  }
}

/** How many parsed cases a lazy case list keeps: the tasks of one case (its arms and attempts) are dispatched one after another, so a few suffice, and fewer live long enough to be promoted to the old generation. */
const RECENT_CASES = 8;

/** A case with its conversation parsed once, for as long as the caller holds it. */
export function loaded(c: StoredCase): StoredCase {
  return c instanceof LazyStoredCase ? { id: c.id, key: c.key, evalCase: c.evalCase } : c;
}

/** Suites and their cases. A suite version is identified by (name, digest) and is immutable. */
export class SuiteRepository {
  private readonly findStmt: Statement;
  private readonly insertSuiteStmt: Statement;
  private readonly insertCaseStmt: Statement;
  private readonly casesStmt: Statement;
  private readonly getStmt: Statement;
  private readonly allCasesStmt: Statement;
  private readonly caseRefsStmt: Statement;
  private readonly activeCountStmt: Statement;
  private readonly caseJsonStmt: Statement;
  private readonly recordedTokensStmt: Statement;
  private readonly scoringInputStmt: Statement;
  private readonly scoringInputWithMessagesStmt: Statement;
  private readonly expectationsByText = new Map<string, ScorerSpec[]>();

  constructor(private readonly db: Database) {
    this.findStmt = db.prepare('SELECT id FROM suites WHERE name = ? AND digest = ?');
    this.insertSuiteStmt = db.prepare('INSERT INTO suites (name, digest, source_path, created_at) VALUES (?, ?, ?, ?)');
    this.insertCaseStmt = db.prepare(`INSERT INTO cases
      (suite_id, case_key, slice, severity, origin, provenance, cluster, status, case_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.casesStmt = db.prepare("SELECT id, case_key, case_json FROM cases WHERE suite_id = ? AND status = 'active' ORDER BY id");
    this.getStmt = db.prepare('SELECT id, name, digest, source_path FROM suites WHERE id = ?');
    this.allCasesStmt = db.prepare('SELECT id, case_key, case_json FROM cases WHERE suite_id = ? ORDER BY id');
    this.caseRefsStmt = db.prepare("SELECT id, case_key FROM cases WHERE suite_id = ? AND status = 'active' ORDER BY id");
    this.activeCountStmt = db.prepare("SELECT COUNT(*) FROM cases WHERE suite_id = ? AND status = 'active'").pluck();
    this.caseJsonStmt = db.prepare('SELECT case_json FROM cases WHERE id = ?').pluck();
    this.recordedTokensStmt = db.prepare(`SELECT id, case_json ->> '$.recorded.prompt_tokens' AS prompt, case_json ->> '$.recorded.completion_tokens' AS completion
      FROM cases WHERE suite_id = ? AND status = 'active'`);
    const scoringColumns = `case_key AS key, case_json -> '$.expectations' AS expectations, case_json -> '$.input.documents' AS documents,
      case_json ->> '$.reference' AS reference`;
    this.scoringInputStmt = db.prepare(`SELECT ${scoringColumns} FROM cases WHERE id = ? AND suite_id = ? AND status = 'active'`);
    this.scoringInputWithMessagesStmt = db.prepare(`SELECT ${scoringColumns}, case_json -> '$.input.messages' AS messages, case_json -> '$.input.tool_results' AS toolResults
      FROM cases WHERE id = ? AND suite_id = ? AND status = 'active'`);
  }

  /** Stores a suite version with its cases unless that exact version is already stored; returns its id. */
  upsert(name: string, digest: string, sourcePath: string | null, cases: readonly EvalCase[]): number {
    return this.db.transaction(() => {
      const existing = this.findStmt.get(name, digest) as { id: number } | undefined;
      if (existing) return existing.id;
      const suiteId = Number(this.insertSuiteStmt.run(name, digest, sourcePath, new Date().toISOString()).lastInsertRowid);
      for (const c of cases) {
        this.insertCaseStmt.run(suiteId, c.id, c.slice ?? null, c.severity, c.origin, provenanceText(c.provenance), c.cluster ?? null, c.status, JSON.stringify(c));
      }
      return suiteId;
    })();
  }

  /** The active cases of a suite version. */
  activeCases(suiteId: number): StoredCase[] {
    return (this.casesStmt.all(suiteId) as { id: number; case_key: string; case_json: string }[]).map((r) => ({
      id: r.id,
      key: r.case_key,
      evalCase: JSON.parse(r.case_json) as EvalCase,
    }));
  }

  /** How many active cases a suite version has (without reading them). */
  activeCaseCount(suiteId: number): number {
    return this.activeCountStmt.get(suiteId) as number;
  }

  /** The active cases of a suite version, each read from the database only when its `evalCase` is read. */
  activeCaseRefs(suiteId: number): StoredCase[] {
    // The last few cases read stay parsed: a replay reads each case once per arm, one right after the other.
    const recent = new Map<number, EvalCase>();
    const load = (id: number) => {
      const known = recent.get(id);
      if (known) return known;
      const json = this.caseJsonStmt.get(id) as string | undefined;
      if (json === undefined) throw new Error(`case ${id} is gone from the database`);
      const parsed = JSON.parse(json) as EvalCase;
      if (recent.size >= RECENT_CASES) recent.delete(recent.keys().next().value!);
      recent.set(id, parsed);
      return parsed;
    };
    return (this.caseRefsStmt.all(suiteId) as { id: number; case_key: string }[]).map((r) => new LazyStoredCase(r.id, r.case_key, load));
  }

  /**
   * The token counts the active cases' samples recorded, by case id (null where a sample has none), read by
   * SQLite's JSON functions: a cost estimate over a large suite needs only these, and parsing every case's
   * conversation in JavaScript for them was a third of the case parsing of a replay.
   */
  recordedTokens(suiteId: number): Map<number, { prompt_tokens: number | null; completion_tokens: number | null }> {
    const count = (v: unknown) => (typeof v === 'number' ? v : null);
    const rows = this.recordedTokensStmt.all(suiteId) as { id: number; prompt: unknown; completion: unknown }[];
    return new Map(rows.map((r) => [r.id, { prompt_tokens: count(r.prompt), completion_tokens: count(r.completion) }]));
  }

  /**
   * What scoring reads of an active case of the suite version, cut out of its JSON by SQLite (scoring follows
   * every replay, and parsing each whole conversation again was most of its time); the conversation and tool results
   * only `withInput`. Undefined for any other case.
   */
  scoringInput(suiteId: number, caseId: number, withInput = false): ScoringInput | undefined {
    type Row = { key: string; expectations: string | null; documents: string | null; reference: unknown; messages?: string | null; toolResults?: string | null };
    const r = (withInput ? this.scoringInputWithMessagesStmt : this.scoringInputStmt).get(caseId, suiteId) as Row | undefined;
    if (!r) return undefined;
    const input: ScoringInput = {
      key: r.key,
      expectations: r.expectations === null ? [] : this.parsedExpectations(r.expectations),
      documents: r.documents === null ? [] : (JSON.parse(r.documents) as ContextDocument[]),
    };
    // Read tolerant of cases stored before references existed (absent) or by hand (not a string).
    if (typeof r.reference === 'string') input.reference = r.reference;
    if (withInput) {
      input.input = {
        messages: r.messages ? (JSON.parse(r.messages) as ChatMessage[]) : [],
        toolResults: r.toolResults ? (JSON.parse(r.toolResults) as RecordedToolResult[]) : [],
      };
    }
    return input;
  }

  /**
   * Expectations parsed from their JSON, shared by the cases that have the same text (a suite's cases repeat a few
   * lists: a slice's rule, a format's schema), so they are parsed once and a schema object stays the same object
   * (the scorers' compiled-schema cache keys on it first). The lists returned are shared: read them, never change them.
   */
  private parsedExpectations(json: string): ScorerSpec[] {
    const known = this.expectationsByText.get(json);
    if (known) return known;
    const parsed = JSON.parse(json) as ScorerSpec[];
    if (this.expectationsByText.size >= 256) this.expectationsByText.delete(this.expectationsByText.keys().next().value!);
    this.expectationsByText.set(json, parsed);
    return parsed;
  }

  /** Every case of a suite version, whatever its status, in the order the version was stored. */
  allCases(suiteId: number): StoredCase[] {
    return (this.allCasesStmt.all(suiteId) as { id: number; case_key: string; case_json: string }[]).map((r) => ({
      id: r.id,
      key: r.case_key,
      evalCase: JSON.parse(r.case_json) as EvalCase,
    }));
  }

  /** The id of a stored suite version, if this database has it. */
  find(name: string, digest: string): number | undefined {
    return (this.findStmt.get(name, digest) as { id: number } | undefined)?.id;
  }

  /** One suite version. */
  get(suiteId: number): { id: number; name: string; digest: string; sourcePath: string | null } | undefined {
    const r = this.getStmt.get(suiteId) as { id: number; name: string; digest: string; source_path: string | null } | undefined;
    return r && { id: r.id, name: r.name, digest: r.digest, sourcePath: r.source_path };
  }
}
