import { existsSync, readFileSync, statSync } from 'node:fs';
import { isMap, isScalar, isSeq, type Document, type LineCounter, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { suiteFileSchema, type SuiteFile } from '../../shared/domain/suite.js';
import { InputError } from '../errors.js';
import { writeFileAtomic } from '../fs-atomic.js';
import { locatorOf, parseYamlSource, type YamlLineOf } from '../yaml-file.js';
import { rememberSuiteSource } from './suite-source-cache.js';

/**
 * How an edited suite is written back: no line folding (a long prompt stays on its line) and flow lists as people
 * write them (`[a, b]`, not `[ a, b ]`), so an unchanged part of the file comes out byte for byte as it went in.
 */
export const WRITE_OPTIONS = { lineWidth: 0, minContentWidth: 0, flowCollectionPadding: false } as const;

/**
 * A suite file opened for editing in place: its YAML document (which locates what to change: every node knows its
 * source range) and its text. Edits are spliced into the text at those ranges, so every byte outside them stays as
 * it was — comments, quoting, flow lists, spacing before a comment — which re-rendering the document would not keep.
 */
export interface SuiteDocument {
  file: string;
  doc: Document;
  /** The text as read (empty for a file not written yet). */
  text: string;
  lineCounter: LineCounter;
}

/** One splice of the text: the range [from, to) replaced by `insert`. */
export interface TextEdit {
  from: number;
  to: number;
  insert: string;
}

/** Applies non-overlapping edits to a text (in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.from - a.from)) out = out.slice(0, e.from) + e.insert + out.slice(e.to);
  return out;
}

/** The column (0-based) of an offset of the suite's text. */
export function columnOf(suite: SuiteDocument, offset: number): number {
  return suite.lineCounter.linePos(offset).col - 1;
}

/** A value as block YAML lines, each indented by `indent` spaces (a list renders as `- ` items). */
export function blockYaml(value: unknown, indent: number): string {
  const pad = ' '.repeat(indent);
  return stringify(value, WRITE_OPTIONS)
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/**
 * The offset where a line can be inserted after a node that ends at `end` (just past its line's newline), and the
 * prefix the insertion needs when the file's last line has no newline.
 */
export function lineInsertion(text: string, end: number): { at: number; prefix: string } {
  const newline = text.indexOf('\n', Math.max(0, end - 1));
  if (end > 0 && text[end - 1] === '\n') return { at: end, prefix: '' };
  return newline === -1 ? { at: text.length, prefix: '\n' } : { at: newline + 1, prefix: '' };
}

/** A suite text as saved: whether the file changed, its validated value and where its paths are. */
export interface SavedSuiteText {
  text: string;
  changed: boolean;
  value: SuiteFile;
  lineOf: YamlLineOf;
}

/**
 * Checks an edited text is still a valid suite and writes it (atomically, keeping the file's mode); returns whether
 * it changed, with the text as validated (parsed once: the cached read of the file becomes this one).
 */
export function saveSuiteText(suite: SuiteDocument, text: string): SavedSuiteText {
  const { value, lineOf } = parseYamlSource(text, suite.file, suiteFileSchema);
  if (text === suite.text) return { text, changed: false, value, lineOf };
  const mode = existsSync(suite.file) ? statSync(suite.file).mode & 0o777 : 0o600;
  writeFileAtomic(suite.file, text, mode);
  rememberSuiteSource({ file: suite.file, value, text, lineOf });
  return { text, changed: true, value, lineOf };
}

/** Opens a suite file for editing; the file must parse (its content is validated when it is written back). */
export function openSuiteDocument(file: string): SuiteDocument {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  // Validates first: an edit must never start from (or hide) a broken file. The document validated is the one edited.
  const { doc, lineCounter } = parseYamlSource(text, file, suiteFileSchema);
  return { file, doc, text, lineCounter };
}

/** Finds the line of a path in the suite as opened (before any edit of its document). */
export function suiteLocator(suite: SuiteDocument): YamlLineOf {
  return locatorOf(suite.doc, suite.lineCounter);
}

/** The document's text as it would be written. */
export function suiteDocumentText(suite: SuiteDocument): string {
  return suite.doc.toString(WRITE_OPTIONS);
}

/**
 * Writes the document back re-rendered (a new file, or an edit the text splices cannot make, such as a case written
 * as a flow mapping), after checking it is still a valid suite; a new file is the owner's alone since drafted cases
 * carry captured traffic.
 */
export function saveSuiteDocument(suite: SuiteDocument): SavedSuiteText {
  return saveSuiteText(suite, suiteDocumentText(suite));
}

/** The `cases:` sequence of a suite document, created (at the end) when the file has none. */
export function casesSeq(doc: Document): YAMLSeq {
  const existing = doc.get('cases', true);
  if (isSeq(existing)) return existing;
  const seq = doc.createNode([]) as YAMLSeq;
  doc.set('cases', seq);
  return seq;
}

/** The mapping of the case with this id and its index, or undefined. */
export function findCaseNode(doc: Document, caseId: string): { node: YAMLMap; index: number } | undefined {
  const seq = doc.get('cases', true);
  if (!isSeq(seq)) return undefined;
  for (let index = 0; index < seq.items.length; index++) {
    const node = seq.items[index];
    if (!isMap(node)) continue;
    const id = node.get('id', true);
    if (isScalar(id) && String(id.value) === caseId) return { node, index };
  }
  return undefined;
}

/** Sets `key` of a mapping: in place when present, else right after `after` (or at the end). */
export function setKeyAfter(doc: Document, map: YAMLMap, key: string, value: unknown, after: string): void {
  if (map.has(key)) {
    map.set(key, value);
    return;
  }
  const pair = doc.createPair(key, value);
  const at = map.items.findIndex((p) => isScalar(p.key) && String(p.key.value) === after);
  if (at === -1) map.items.push(pair);
  else map.items.splice(at + 1, 0, pair);
}
