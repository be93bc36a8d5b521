import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Document, isMap, isScalar, isSeq, LineCounter } from 'yaml';
import { provenanceText, type EvalCase } from '../../shared/domain/suite.js';
import { InputError } from '../errors.js';
import { schemaComment } from './json-schemas.js';
import { applyEdits, blockYaml, casesSeq, columnOf, lineInsertion, openSuiteDocument, saveSuiteDocument, saveSuiteText, type SuiteDocument } from './suite-document.js';

/** What addCasesToSuite did. */
export interface AddCasesResult {
  file: string;
  /** True when the suite file did not exist and was written. */
  created: boolean;
  /** Ids appended, in order. */
  added: string[];
  /** Ids the suite already held: left where they were, as they were (a reviewer's edits survive). */
  kept: string[];
  /** Whether the file's text changed. */
  changed: boolean;
}

/** How a new suite file starts. */
export interface NewSuiteOptions {
  /** The suite's name (default: the file's name without .yaml, lower-cased). */
  name?: string;
  description?: string;
  /** The workspace root: the file then points editors at the workspace's copy of the suite JSON Schema. */
  root?: string;
}

/**
 * A case in the order a reviewer reads it: what it is and its state first, then what it expects, then the input and
 * the recorded answer; fields at their defaults (no tags) are left out.
 */
export function caseForYaml(c: EvalCase): Record<string, unknown> {
  return {
    id: c.id,
    ...(c.slice !== undefined ? { slice: c.slice } : {}),
    status: c.status,
    ...(c.status_history?.length ? { status_history: c.status_history } : {}),
    severity: c.severity,
    origin: c.origin,
    ...(c.provenance !== undefined ? { provenance: c.provenance } : {}),
    ...(c.cluster !== undefined ? { cluster: c.cluster } : {}),
    ...(c.tags.length ? { tags: c.tags } : {}),
    expectations: c.expectations,
    ...(c.reference !== undefined ? { reference: c.reference } : {}),
    input: c.input,
    ...(c.recorded !== undefined ? { recorded: c.recorded } : {}),
  };
}

function suiteNameOf(file: string): string {
  const name = basename(file, extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return name || 'suite';
}

function newSuiteDocument(file: string, opts: NewSuiteOptions): SuiteDocument {
  const doc = new Document({ name: opts.name ?? suiteNameOf(file), ...(opts.description ? { description: opts.description } : {}), cases: [] });
  const header = [
    ...(opts.root !== undefined ? [schemaComment(file, opts.root, 'suite')] : []),
    ' Drafted from imported traffic by `canary-gate suite create --from-samples`. Review each case: edit its',
    ' expectations, then `canary-gate suite status <case-id> active` (or retired). Only active cases are replayed.',
  ];
  doc.commentBefore = header.join('\n');
  return { file, doc, text: '', lineCounter: new LineCounter() };
}

function idOf(node: unknown): string | undefined {
  if (!isMap(node)) return undefined;
  const id = node.get('id', true);
  return isScalar(id) ? String(id.value) : undefined;
}

/**
 * Adds cases to a suite file, editing it in place: a case whose id the suite already holds keeps its place and its
 * content (a reviewer's edits survive), new ones are appended in the given order. Nothing else in the file changes,
 * so adding nothing leaves the file byte for byte as it was. A missing file is created (see {@link NewSuiteOptions}).
 */
export function addCasesToSuite(file: string, cases: readonly EvalCase[], opts: NewSuiteOptions = {}): AddCasesResult {
  const created = !existsSync(file);
  const suite = created ? newSuiteDocument(file, opts) : openSuiteDocument(file);
  const existing = suite.doc.get('cases', true);
  const present = new Set(isSeq(existing) ? existing.items.map(idOf).filter((id): id is string => id !== undefined) : []);
  const added: EvalCase[] = [];
  const kept: string[] = [];
  for (const c of cases) {
    if (!c.id) throw new InputError(`a case to add has no id (provenance ${provenanceText(c.provenance) ?? 'unknown'})`, { file, field: 'cases' });
    if (present.has(c.id)) {
      kept.push(c.id);
      continue;
    }
    present.add(c.id);
    added.push(c);
  }
  const ids = added.map((c) => c.id);
  if (!created && added.length === 0) return { file, created, added: ids, kept, changed: false };
  const items = added.map(caseForYaml);
  if (!created && isSeq(existing) && !existing.flow && existing.range && existing.items.length > 0) {
    // Spliced in after the last case: every byte before it stays as the reviewers left it.
    const { at, prefix } = lineInsertion(suite.text, existing.range[1]);
    const text = applyEdits(suite.text, [{ from: at, to: at, insert: prefix + blockYaml(items, columnOf(suite, existing.range[0])) }]);
    return { file, created, added: ids, kept, changed: saveSuiteText(suite, text).changed };
  }
  if (!created && existing === undefined) {
    const prefix = suite.text === '' || suite.text.endsWith('\n') ? '' : '\n';
    const text = `${suite.text}${prefix}cases:\n${blockYaml(items, 2)}`;
    return { file, created, added: ids, kept, changed: saveSuiteText(suite, text).changed };
  }
  // A new file, or `cases: []` written as a flow list: rendered.
  const seq = casesSeq(suite.doc);
  seq.flow = false;
  for (const item of items) seq.items.push(suite.doc.createNode(item));
  return { file, created, added: ids, kept, changed: saveSuiteDocument(suite).changed };
}
