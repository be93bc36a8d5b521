import type { ContextDocument } from '../domain/capture.js';
import { engineScorerTypes, type FailureCategory, type ScorerSpec, type Severity } from '../domain/scorer-spec.js';
import { scoreAbstain, scoreCitations, scoreNoRefusal, scoreRefuse } from './behaviour.js';
import { scoreCost, scoreLatency } from './call-bounds.js';
import { scoreLanguage } from './language.js';
import { scorePiiLeak } from './leak.js';
import type { ScoredOutput } from './output-text.js';
import { undecided, type Verdict } from './reason.js';
import { scoreSimilarity } from './similarity.js';
import { scoreJsonSchema, scoreJsonValid } from './structure.js';
import { scoreContains, scoreContainsSome, scoreEquals, scoreLength, scoreNotContains, scoreRegex, scoreStartsWith } from './text.js';
import { scoreForbiddenTools, scoreMaxToolCalls, scoreToolArgsSchema, scoreToolCall } from './tools.js';
import { scoreTruncation } from './truncation.js';

/** The outcome of one expectation on one output. */
export interface Score {
  name: string;
  scorer: ScorerSpec['type'];
  passed: boolean;
  severity: Severity;
  category: FailureCategory;
  /** Why it passed or failed, quoting the output. */
  detail: string;
  /** The numeric score, for scorers that yield one (similarity, a judge's grade, a custom scorer's number). */
  value?: number;
  /** Which version of the scorer produced this score (catalogue version, judge fingerprint, module digest). */
  version?: string;
  /**
   * Set when the scorer could not decide (a judge's invalid answer, a custom scorer that threw or hung): then
   * `passed` is false but the score is neither a pass nor a failure of the model, and outcomes leave it out.
   */
  error?: string;
}

/** What a case gives its scorers beside the output: the context documents, the whole input as text, a reference answer. */
export interface ScoringContext {
  /** The documents the case put into the model's context (citations name them). */
  documents?: readonly ContextDocument[];
  /** The case's messages, documents and tool results as one text: what the model was given (pii_leak compares against it). */
  inputText?: string;
  /** The case's reference answer (similarity compares against it unless the expectation has its own). */
  reference?: string;
}

type CatalogueType = Exclude<ScorerSpec['type'], (typeof engineScorerTypes)[number]>;

/** Category and severity of a failed score, unless the expectation names its own. */
export const CATALOGUE_DEFAULTS: Readonly<Record<CatalogueType, { severity: Severity; category: FailureCategory }>> = {
  equals: { severity: 'medium', category: 'task_success' },
  starts_with: { severity: 'medium', category: 'task_success' },
  contains: { severity: 'medium', category: 'task_success' },
  contains_any: { severity: 'medium', category: 'task_success' },
  contains_all: { severity: 'medium', category: 'task_success' },
  not_contains: { severity: 'medium', category: 'task_success' },
  regex: { severity: 'medium', category: 'task_success' },
  length: { severity: 'low', category: 'task_success' },
  language: { severity: 'medium', category: 'task_success' },
  similarity: { severity: 'medium', category: 'task_success' },
  json_valid: { severity: 'medium', category: 'format_violation' },
  json_schema: { severity: 'medium', category: 'format_violation' },
  tool_call: { severity: 'medium', category: 'tool_call_error' },
  forbidden_tools: { severity: 'high', category: 'tool_call_error' },
  max_tool_calls: { severity: 'medium', category: 'tool_call_error' },
  tool_args_schema: { severity: 'medium', category: 'tool_call_error' },
  truncation: { severity: 'medium', category: 'truncation' },
  pii_leak: { severity: 'high', category: 'pii_leak' },
  citations: { severity: 'medium', category: 'citation_validity' },
  abstain: { severity: 'medium', category: 'abstention' },
  refuse: { severity: 'high', category: 'unsafe_compliance' },
  no_refusal: { severity: 'medium', category: 'over_refusal' },
  latency: { severity: 'low', category: 'latency' },
  cost: { severity: 'low', category: 'cost' },
};

/**
 * The version of each catalogue scorer, stored with every score it produces (`catalogue/<type>@<n>`): bump a
 * scorer's number whenever a change could turn one of its verdicts, so a re-scored run says which code judged it.
 */
export const CATALOGUE_VERSIONS: Readonly<Record<CatalogueType, number>> = {
  equals: 1, starts_with: 1, contains: 1, contains_any: 1, contains_all: 1, not_contains: 1, regex: 1, length: 1, language: 1, similarity: 1,
  json_valid: 1, json_schema: 1, tool_call: 1, forbidden_tools: 1, max_tool_calls: 1, tool_args_schema: 1, truncation: 1, pii_leak: 1,
  citations: 1, abstain: 1, refuse: 1, no_refusal: 1, latency: 1, cost: 1,
};

/** The version string of a catalogue scorer, e.g. `catalogue/json_schema@1`. */
export function catalogueVersion(type: CatalogueType): string {
  return `catalogue/${type}@${CATALOGUE_VERSIONS[type]}`;
}

/** True for the scorer types the engine scores (a judge model, a workspace module): scoreOutput skips them. */
export function isEngineScorer(spec: ScorerSpec): spec is Extract<ScorerSpec, { type: (typeof engineScorerTypes)[number] }> {
  return spec.type === 'rubric_judge' || spec.type === 'custom';
}

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Default display name of an expectation: its type plus its main parameter (unique within a case as far as it can be). */
export function expectationName(spec: ScorerSpec): string {
  if (spec.name) return spec.name;
  switch (spec.type) {
    case 'equals':
    case 'starts_with':
    case 'contains':
    case 'not_contains':
      return `${spec.type}:${spec.value}`;
    case 'contains_any':
    case 'contains_all':
      return `${spec.type}:${short(spec.values.join('|'))}`;
    case 'regex':
      return `regex:${spec.pattern}`;
    case 'language':
      return `language:${spec.expected}`;
    case 'tool_call':
      return `tool_call:${spec.calls.map((c) => c.name).join(',')}`;
    case 'forbidden_tools':
      return `forbidden_tools:${spec.names.join(',')}`;
    case 'max_tool_calls':
      return `max_tool_calls:${spec.max}`;
    case 'tool_args_schema':
      return `tool_args_schema:${spec.tool}`;
    case 'pii_leak':
      return spec.kinds ? `pii_leak:${spec.kinds.join(',')}` : 'pii_leak';
    case 'latency':
      return `latency:${spec.max_ms}ms`;
    case 'cost':
      return `cost:$${spec.max_usd}`;
    case 'custom':
      return `custom:${spec.scorer}`;
    default:
      return spec.type;
  }
}

/** The verdict of a catalogue scorer. */
function judge(spec: ScorerSpec, output: ScoredOutput, context: ScoringContext): Verdict {
  const text = output.text;
  switch (spec.type) {
    case 'equals':
      return scoreEquals(spec, text);
    case 'starts_with':
      return scoreStartsWith(spec, text);
    case 'contains':
      return scoreContains(spec, text);
    case 'contains_any':
    case 'contains_all':
      return scoreContainsSome(spec, text);
    case 'not_contains':
      return scoreNotContains(spec, text);
    case 'regex':
      return scoreRegex(spec, text);
    case 'length':
      return scoreLength(spec, text);
    case 'language':
      return scoreLanguage(spec, text);
    case 'similarity':
      return scoreSimilarity(spec, text, context.reference);
    case 'json_valid':
      return scoreJsonValid(spec, text);
    case 'json_schema':
      return scoreJsonSchema(spec, text);
    case 'tool_call':
      return scoreToolCall(spec, output);
    case 'forbidden_tools':
      return scoreForbiddenTools(spec, output);
    case 'max_tool_calls':
      return scoreMaxToolCalls(spec, output);
    case 'tool_args_schema':
      return scoreToolArgsSchema(spec, output);
    case 'truncation':
      return scoreTruncation(spec, output);
    case 'pii_leak':
      return scorePiiLeak(spec, text, context.inputText ?? '');
    case 'citations':
      return scoreCitations(spec, text, context.documents ?? []);
    case 'abstain':
      return scoreAbstain(text);
    case 'refuse':
      return scoreRefuse(text);
    case 'no_refusal':
      return scoreNoRefusal(text);
    case 'latency':
      return scoreLatency(spec, output.latencyMs);
    case 'cost':
      return scoreCost(spec, output.costUsd);
    case 'rubric_judge':
    case 'custom':
      return undecided(`${spec.type} is scored by the engine (a judge model or a workspace scorer), not by the catalogue`);
    default: {
      const unknown: never = spec;
      return undecided(`unknown scorer type ${(unknown as { type: string }).type}`);
    }
  }
}

/** A context given as a bare document list (the form before ScoringContext) or as a context. */
function contextOf(context: ScoringContext | readonly ContextDocument[] | undefined): ScoringContext {
  if (context === undefined) return {};
  return Array.isArray(context) ? { documents: context as readonly ContextDocument[] } : (context as ScoringContext);
}

/**
 * Scores one output against one catalogue expectation. Pure: the same output and context always get the same score.
 * An engine type (rubric_judge, custom) yields a Score with `error` set: see {@link isEngineScorer}.
 */
export function scoreExpectation(spec: ScorerSpec, output: ScoredOutput, context?: ScoringContext | readonly ContextDocument[]): Score {
  const ctx = contextOf(context);
  const defaults = isEngineScorer(spec) ? { severity: 'medium' as const, category: 'task_success' as const } : CATALOGUE_DEFAULTS[spec.type];
  const verdict = judge(spec, output, ctx);
  const score: Score = {
    name: expectationName(spec),
    scorer: spec.type,
    passed: verdict.passed,
    severity: spec.severity ?? defaults.severity,
    category: spec.category ?? defaults.category,
    detail: verdict.detail,
  };
  if (verdict.value !== undefined) score.value = verdict.value;
  if (!isEngineScorer(spec)) score.version = catalogueVersion(spec.type);
  if (verdict.error !== undefined) score.error = verdict.error;
  return score;
}

/** Scores one output against every catalogue expectation of its case; engine types (rubric_judge, custom) are skipped. */
export function scoreOutput(specs: readonly ScorerSpec[], output: ScoredOutput, context?: ScoringContext | readonly ContextDocument[]): Score[] {
  const ctx = contextOf(context);
  const scores: Score[] = [];
  for (const s of specs) if (!isEngineScorer(s)) scores.push(scoreExpectation(s, output, ctx));
  return scores;
}
