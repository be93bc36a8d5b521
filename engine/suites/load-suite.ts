import { canonicalJson } from '../../shared/canonical-json.js';
import type { TrafficSample } from '../../shared/domain/capture.js';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { suiteFileSchema, type EvalCase, type RecordedResponse, type SuiteFile } from '../../shared/domain/suite.js';
import { expectationName } from '../../shared/scorers/score-expectation.js';
import { InputError } from '../errors.js';
import { splitRecordedToolExchange } from '../replay/tool-replay.js';
import { sha256Hex } from '../hashing.js';
import type { Store } from '../store/index.js';
import { readYamlFile } from '../yaml-file.js';

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

/** Reads and validates a suite YAML file, including that every regex compiles. */
export function readSuiteFile(file: string): SuiteFile {
  const { value } = readYamlFile(file, suiteFileSchema);
  const seen = new Set<string>();
  value.cases.forEach((c, i) => {
    if (seen.has(c.id)) throw new InputError(`duplicate case id "${c.id}"`, { file, field: `cases.${i}.id` });
    seen.add(c.id);
    c.expectations.forEach((e, j) => checkRegex(e, file, `cases.${i}.expectations.${j}.pattern`));
  });
  for (const [slice, specs] of Object.entries(value.traffic?.expectations_by_slice ?? {})) {
    specs.forEach((e, j) => checkRegex(e, file, `traffic.expectations_by_slice.${slice}.${j}.pattern`));
  }
  return value;
}

function checkRegex(spec: ScorerSpec, file: string, field: string): void {
  if (spec.type !== 'regex') return;
  try {
    new RegExp(spec.pattern, spec.flags ?? '');
  } catch (err) {
    throw new InputError(`invalid regular expression: ${(err as Error).message}`, { file, field });
  }
}

/** Merges expectation lists, keeping the first of any two with the same name. */
function mergeExpectations(...lists: readonly (readonly ScorerSpec[] | undefined)[]): ScorerSpec[] {
  const byName = new Map<string, ScorerSpec>();
  for (const list of lists) for (const spec of list ?? []) if (!byName.has(expectationName(spec))) byName.set(expectationName(spec), spec);
  return [...byName.values()];
}

/** The captured production answer of a sample, kept so a recorded baseline can replay it. */
function recordedOf(sample: TrafficSample): RecordedResponse | undefined {
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

/** Turns one captured sample into an eval case that keeps its provenance. */
export function caseFromSample(sample: TrafficSample, suite: SuiteFile): EvalCase {
  const slice = sample.metadata.slice;
  const selection = suite.traffic;
  const { model: _model, messages: captured, tools, ...params } = sample.request;
  const recorded = recordedOf(sample);
  // The tool calls the app ran become the answer book, and the replayed model has to make them itself.
  const { messages, toolResults } = splitRecordedToolExchange(captured);
  return {
    id: `traffic-${sample.id}`,
    input: {
      messages,
      ...(tools ? { tools } : {}),
      ...(toolResults.length ? { tool_results: toolResults } : {}),
      params,
      ...(sample.context ? { documents: sample.context.documents } : {}),
    },
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

/** Resolves a suite file against the imported traffic into its concrete, digested list of cases. */
export function resolveSuite(file: string, store: Store): ResolvedSuite {
  const suite = readSuiteFile(file);
  const cases: EvalCase[] = [];
  const usedIds = new Set<string>();
  let fromTraffic = 0;
  if (suite.traffic) {
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
  }
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
  const digest = `sha256:${sha256Hex(canonicalJson({ name: suite.name, cases }))}`;
  const warnings = suite.traffic && fromTraffic === 0 ? [noTrafficWarning(suite.traffic.slices, cases.length, store.traffic.count())] : [];
  return { name: suite.name, digest, sourcePath: file, cases, fromTraffic, warnings };
}
