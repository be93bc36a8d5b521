import { canonicalJson } from '../../shared/canonical-json.js';
import type { TrafficSample } from '../../shared/domain/capture.js';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { suiteFileSchema, type CaseInput, type EvalCase, type RecordedResponse, type SuiteFile } from '../../shared/domain/suite.js';
import { checkExpectation } from '../../shared/scorers/check-expectation.js';
import { expectationName } from '../../shared/scorers/score-expectation.js';
import { InputError } from '../errors.js';
import { splitRecordedToolExchange } from '../replay/tool-replay.js';
import { sha256Hex } from '../hashing.js';
import type { Store } from '../store/index.js';
import { readYamlSource } from '../yaml-file.js';

/** A suite resolved into concrete cases, with the digest that identifies exactly this set. */
export interface ResolvedSuite {
  name: string;
  digest: string;
  sourcePath: string;
  cases: EvalCase[];
  fromTraffic: number;
  /** What the user should know before replaying it (e.g. that no imported traffic matched), with what to run. */
  warnings: string[];
}

/** The warning for a suite that selects traffic when none of the imported samples matched its slices. */
export function noTrafficWarning(slices: readonly string[] | undefined, handWritten: number, importedSamples: number): string {
  const which = slices ? `its slices (${slices.join(', ')})` : 'it';
  const why = importedSamples === 0 ? 'the workspace holds no imported traffic' : `none of the ${importedSamples} imported sample(s) matched ${which}`;
  return `${why}, so only the suite's ${handWritten} hand-written case(s) will run. Import captured traffic first: canary-gate import <capture files or folders>`;
}

/** A suite file as read: its validated value, its text, and where each path of it sits (for errors found later). */
export interface SuiteSource {
  file: string;
  value: SuiteFile;
  text: string;
  lineOf: (path: readonly (string | number)[]) => number | undefined;
}

/**
 * Reads a suite file validated by its schema only (a duplicate id or a broken regex is left for suiteProblems to
 * list), parsed once: the locator reads the same document.
 */
export function parseSuiteSource(file: string): SuiteSource {
  const { value, text, lineOf } = readYamlSource(file, suiteFileSchema);
  return { file, value, text, lineOf };
}

/** Reads a suite file, validated, keeping its text and a locator for paths in it. */
export function readSuiteSource(file: string): SuiteSource {
  const source = parseSuiteSource(file);
  checkSuite(source);
  return source;
}

/**
 * Reads and validates a suite YAML file: every case id unique, every regex compiling. Errors name the file, the
 * line and the field (`cases.3.expectations.0.pattern`).
 */
export function readSuiteFile(file: string): SuiteFile {
  return readSuiteSource(file).value;
}

/** One problem of a suite file that validation by schema cannot see, with where it is. */
export interface SuiteProblem {
  rule: 'duplicate-id' | 'invalid-expectation';
  message: string;
  path: (string | number)[];
  caseId: string | null;
}

/** The field of an expectation that a check's message is about (its pattern, its schema), else the expectation. */
function expectationField(spec: ScorerSpec): string | undefined {
  switch (spec.type) {
    case 'regex':
      return 'pattern';
    case 'json_schema':
    case 'tool_args_schema':
      return 'schema';
    case 'language':
      return 'expected';
    default:
      return undefined;
  }
}

/** Why an expectation cannot be scored (a regex or JSON Schema that does not compile, an unknown language…), or undefined. */
export function expectationProblem(spec: ScorerSpec): string | undefined {
  try {
    checkExpectation(spec);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Every duplicate case id and every expectation that cannot be scored, in file order. */
export function suiteProblems({ value, lineOf }: Pick<SuiteSource, 'value' | 'lineOf'>): SuiteProblem[] {
  const problems: SuiteProblem[] = [];
  const checkAll = (specs: readonly ScorerSpec[], at: (string | number)[], caseId: string | null) =>
    specs.forEach((e, j) => {
      const message = expectationProblem(e);
      const field = expectationField(e);
      if (message) problems.push({ rule: 'invalid-expectation', message, path: [...at, j, ...(field ? [field] : [])], caseId });
    });
  for (const [slice, specs] of Object.entries(value.traffic?.expectations_by_slice ?? {})) checkAll(specs, ['traffic', 'expectations_by_slice', slice], null);
  const firstAt = new Map<string, number>();
  value.cases.forEach((c, i) => {
    const first = firstAt.get(c.id);
    if (first !== undefined) {
      problems.push({ rule: 'duplicate-id', message: `duplicate case id "${c.id}" (first used by cases.${first}, line ${lineOf(['cases', first, 'id']) ?? '?'})`, path: ['cases', i, 'id'], caseId: c.id });
    } else firstAt.set(c.id, i);
    checkAll(c.expectations, ['cases', i, 'expectations'], c.id);
  });
  return problems;
}

function checkSuite(source: SuiteSource): void {
  const first = suiteProblems(source)[0];
  if (first) throw new InputError(first.message, { file: source.file, line: source.lineOf(first.path), field: first.path.join('.') });
}

/** Merges expectation lists, keeping the first of any two with the same name. */
export function mergeExpectations(...lists: readonly (readonly ScorerSpec[] | undefined)[]): ScorerSpec[] {
  const byName = new Map<string, ScorerSpec>();
  for (const list of lists) for (const spec of list ?? []) if (!byName.has(expectationName(spec))) byName.set(expectationName(spec), spec);
  return [...byName.values()];
}

/** The captured production answer of a sample, kept so a recorded baseline can replay it. */
export function recordedOf(sample: TrafficSample): RecordedResponse | undefined {
  const choice = sample.response?.choices[0];
  if (!choice) return undefined;
  const content = choice.message.content;
  const text = typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '';
  const cached = sample.response?.usage?.prompt_tokens_details?.cached_tokens ?? undefined;
  return {
    text,
    finish_reason: choice.finish_reason ?? null,
    tool_calls: (choice.message.tool_calls ?? []).map((t) => ({ id: t.id, name: t.function.name, arguments: t.function.arguments })),
    prompt_tokens: sample.response?.usage?.prompt_tokens ?? null,
    completion_tokens: sample.response?.usage?.completion_tokens ?? null,
    // Only when logged, so the cases of captures without it stay exactly as they were.
    ...(cached === undefined ? {} : { cached_prompt_tokens: cached }),
    latency_ms: sample.latency_ms ?? null,
    cost_usd: sample.cost_usd ?? null,
  };
}

/**
 * What a case built from a captured sample sends: its messages (the app's recorded tool exchange split off into an
 * answer book, since the replayed model has to make those calls itself), tools, parameters and documents.
 */
export function caseInputOf(sample: TrafficSample): CaseInput {
  const { model: _model, messages: captured, tools, ...params } = sample.request;
  const { messages, toolResults } = splitRecordedToolExchange(captured);
  return {
    messages,
    ...(tools ? { tools } : {}),
    ...(toolResults.length ? { tool_results: toolResults } : {}),
    params,
    ...(sample.context ? { documents: sample.context.documents } : {}),
  };
}

/** Turns one captured sample into an eval case that keeps its provenance. */
export function caseFromSample(sample: TrafficSample, suite: SuiteFile): EvalCase {
  const slice = sample.metadata.slice;
  const selection = suite.traffic;
  const recorded = recordedOf(sample);
  return {
    id: `traffic-${sample.id}`,
    input: caseInputOf(sample),
    expectations: mergeExpectations(sample.expectations, slice ? selection?.expectations_by_slice[slice] : undefined),
    tags: [],
    ...(slice ? { slice } : {}),
    severity: (slice && selection?.severity_by_slice[slice]) || 'medium',
    origin: 'traffic',
    provenance: `capture:${sample.id}`,
    ...(sample.metadata.session_id ? { cluster: `session:${sample.metadata.session_id}` } : {}),
    status: 'active',
    ...(recorded ? { recorded } : {}),
  };
}

/** The cases a suite's `traffic:` selection gives from the imported samples (none without one), in slice order. */
export function trafficCasesOf(suite: SuiteFile, store: Store): { cases: EvalCase[]; fromTraffic: number } {
  const cases: EvalCase[] = [];
  const usedIds = new Set<string>();
  let fromTraffic = 0;
  if (!suite.traffic) return { cases, fromTraffic };
  const slices = suite.traffic.slices ?? store.traffic.slices().map((s) => s.slice).filter((s): s is string => s !== null);
  for (const slice of slices) {
    const rows = store.traffic.bySlice(slice);
    const picked = suite.traffic.limit_per_slice ? rows.slice(0, suite.traffic.limit_per_slice) : rows;
    for (const { id, sample } of picked) {
      const c = caseFromSample(sample, suite);
      // Sources can reuse sample ids (two exports, two formats): the stored row id keeps cases apart.
      cases.push(usedIds.has(c.id) ? { ...c, id: `${c.id}#${id}` } : c);
      usedIds.add(cases.at(-1)!.id);
    }
    fromTraffic += picked.length;
  }
  return { cases, fromTraffic };
}

/** What resolving a suite needs beyond the file and the store. */
export interface ResolveSuiteOptions {
  /**
   * The fingerprints of the judge targets the suite's rubric and pairwise judges grade with, by target name: a judge
   * swapped for another model changes what a grade means, so it changes the digest.
   */
  judgeFingerprints?: Readonly<Record<string, string>>;
}

/**
 * Resolves a suite file against the imported traffic into its concrete, digested list of cases. Only active cases
 * are replayed (drafts await review, retired ones are kept for the record). The digest covers the cases (their
 * rubrics included), the pairwise judge and the judges' fingerprints; the last two only when present, so the digest
 * of a suite without judges is what it always was.
 */
export function resolveSuite(file: string, store: Store, opts: ResolveSuiteOptions = {}): ResolvedSuite {
  const suite = readSuiteFile(file);
  const { cases, fromTraffic } = trafficCasesOf(suite, store);
  const ids = new Set(cases.map((c) => c.id));
  for (const c of suite.cases) {
    if (ids.has(c.id)) throw new InputError(`case id "${c.id}" collides with a traffic case`, { file, field: 'cases' });
    if (c.status === 'active') cases.push(c);
  }
  if (cases.length === 0) {
    throw new InputError(
      suite.traffic ? 'the suite has no cases: import traffic of its slices first (canary-gate import <file>)' : 'the suite has no active cases',
      { file },
    );
  }
  const judges = opts.judgeFingerprints && Object.keys(opts.judgeFingerprints).length > 0 ? opts.judgeFingerprints : undefined;
  const digest = `sha256:${sha256Hex(
    canonicalJson({ name: suite.name, cases, ...(suite.pairwise_judge ? { pairwise_judge: suite.pairwise_judge } : {}), ...(judges ? { judges } : {}) }),
  )}`;
  const warnings = suite.traffic && fromTraffic === 0 ? [noTrafficWarning(suite.traffic.slices, cases.length, store.traffic.count())] : [];
  return { name: suite.name, digest, sourcePath: file, cases, fromTraffic, warnings };
}
