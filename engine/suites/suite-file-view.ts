import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isMap, isNode, isSeq, parseDocument, Document, type Node } from 'yaml';
import type { EvalCase, SuiteFile } from '../../shared/domain/suite.js';
import { expectationName } from '../../shared/scorers/score-expectation.js';
import { InputError, NotFoundError } from '../errors.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { sha256Hex } from '../hashing.js';
import type { SuiteSource } from './load-suite.js';
import { WRITE_OPTIONS } from './suite-document.js';
import { cachedSuiteSource, fileStamp } from './suite-source-cache.js';

/** One case of a suite file as the Suites screen reads it: the validated case, where it is, and what search matches. */
export interface ViewedCase {
  evalCase: EvalCase;
  index: number;
  /** Line of the case's first key in the file (1-based). */
  line: number | null;
  /** The last user message, shortened. */
  preview: string;
  expectationNames: string[];
  /** Lowercased id, messages and expectations: what the search box matches. */
  searchText: string;
}

/** A suite file read for the Suites screen, kept while the file is unchanged on disk. */
export interface ViewedSuite {
  /** Absolute path. */
  path: string;
  /** Relative to the workspace root, forward slashes. */
  file: string;
  suite: SuiteFile;
  cases: ViewedCase[];
  byId: Map<string, ViewedCase>;
  /** The file's text as read, for the YAML Document edits and each case's expectations text. */
  text: string;
  stamp: string;
  /** The file as parsed (value, text and a locator over the same document), for lint to reuse. */
  source: SuiteSource;
}

const PREVIEW_CHARS = 160;

/**
 * The absolute path of a suite file named relative to the workspace root. A path that leaves the workspace (`..`,
 * an absolute path elsewhere) is refused: the screen writes to these files.
 */
export function suitePathIn(root: string, file: string): string {
  const abs = resolve(root, file);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new InputError('a suite file must be inside the workspace', { field: 'file' });
  if (!/\.ya?ml$/i.test(abs)) throw new InputError('a suite file is a .yaml or .yml file', { field: 'file' });
  return abs;
}

/** The workspace-relative name of an absolute path, with forward slashes on every platform. */
export function workspaceRelative(root: string, abs: string): string {
  return relative(root, abs).split(sep).join('/');
}

function textOfContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text ?? '') : '')).join('');
  return '';
}

function previewOf(c: EvalCase): string {
  const user = [...c.input.messages].reverse().find((m) => m.role === 'user');
  const text = textOfContent(user?.content ?? c.input.messages.at(-1)?.content).replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

/** The YAML node of the cases list in a parsed suite document, if it has one. */
export function casesNode(doc: Document): Node | undefined {
  const node = doc.get('cases', true);
  return isSeq(node) ? node : undefined;
}

/** Each parsed file's view, built once per parse (the parse itself is kept by cachedSuiteSource). */
const views = new WeakMap<SuiteSource, ViewedSuite>();

function stampOf(path: string): string {
  const stamp = fileStamp(path);
  if (stamp === undefined) throw new NotFoundError(`no suite file ${path}`);
  return stamp;
}

/**
 * Reads a suite file (validated: an error names the file, line and field) with each case's line, preview and search
 * text. Kept while the file's size and modification time stay the same, so paging a suite of thousands of cases
 * parses it once.
 */
export function viewSuite(root: string, file: string): ViewedSuite {
  const path = suitePathIn(root, file);
  const stamp = stampOf(path);
  const source = cachedSuiteSource(path);
  const known = views.get(source);
  if (known && known.stamp === stamp && known.file === workspaceRelative(root, path)) return known;
  const { value: suite, text, lineOf } = source;
  const cases = suite.cases.map((c, index): ViewedCase => {
    const expectationNames = c.expectations.map(expectationName);
    const messages = c.input.messages.map((m) => textOfContent(m.content)).join('\n');
    return {
      evalCase: c,
      index,
      line: lineOf(['cases', index]) ?? null,
      preview: previewOf(c),
      expectationNames,
      searchText: `${c.id}\n${messages}\n${JSON.stringify(c.expectations)}\n${(c.tags ?? []).join(' ')}`.toLowerCase(),
    };
  });
  const viewed: ViewedSuite = { path, file: workspaceRelative(root, path), suite, cases, byId: new Map(cases.map((c) => [c.evalCase.id, c])), text, stamp, source };
  views.set(source, viewed);
  return viewed;
}

/** One case of a suite file, or not_found naming the file. */
export function viewedCase(suite: ViewedSuite, caseId: string): ViewedCase {
  const c = suite.byId.get(caseId);
  if (!c) throw new NotFoundError(`${suite.file} has no case "${caseId}"`);
  return c;
}

/** Identifies one version of a case (its content, not its comments or layout). */
export function caseRevision(c: EvalCase): string {
  return sha256Hex(canonicalJson(c)).slice(0, 16);
}

/**
 * A case's `expectations` as YAML text, comments included, from the file's own text: what the editor starts
 * from, so saving it unchanged changes nothing. Only the case's own lines are parsed (a traffic-derived suite of
 * thousands of cases takes seconds to parse whole); a case those lines do not give cleanly is read from the whole file.
 */
export function expectationsYamlOf(suite: ViewedSuite, index: number): string {
  const c = suite.cases[index]!;
  const next = suite.cases[index + 1];
  const fromSnippet = c.line === null ? undefined : expectationsFromLines(suite.text, c.line, next?.line ?? null, c.evalCase.id);
  if (fromSnippet !== undefined) return fromSnippet;
  const doc = parseDocument(suite.text);
  const seq = casesNode(doc);
  const item = isSeq(seq) ? seq.items[index] : undefined;
  return expectationsText(isMap(item) ? item.get('expectations', true) : undefined);
}

function expectationsText(node: unknown): string {
  if (!isNode(node) || (isSeq(node) && node.items.length === 0)) return '';
  const one = new Document();
  one.contents = node;
  // As suite-document writes a suite, so the editor shows what saving writes.
  return one.toString(WRITE_OPTIONS);
}

/**
 * The expectations of the case whose mapping starts on `line` (1-based, its first key after `- `), read from its own
 * lines: up to the next case's line, or the first line indented less than its keys. Undefined when those lines do
 * not parse into a mapping with this id (a flow-style case, an odd layout).
 */
function expectationsFromLines(text: string, line: number, nextLine: number | null, id: string): string | undefined {
  const lines = text.split('\n', nextLine === null ? undefined : nextLine - 1);
  const first = lines[line - 1];
  if (first === undefined) return undefined;
  const column = first.search(/[^\s-]/);
  if (column <= 0) return undefined;
  const own = [first.slice(column)];
  for (let i = line; i < lines.length; i++) {
    const l = lines[i]!;
    const indent = l.search(/\S/);
    if (indent !== -1 && indent < column) break;
    own.push(l.slice(Math.min(column, indent === -1 ? l.length : indent)));
  }
  const doc = parseDocument(own.join('\n'));
  if (doc.errors.length > 0 || !isMap(doc.contents) || doc.get('id') !== id) return undefined;
  return expectationsText(doc.get('expectations', true));
}
