import { isScalar, isSeq, type Pair, type YAMLMap } from 'yaml';
import type { CaseStatus } from '../../shared/domain/suite.js';
import { caseStatusSchema } from '../../shared/domain/suite.js';
import { InputError } from '../errors.js';
import {
  applyEdits,
  blockYaml,
  columnOf,
  findCaseNode,
  lineInsertion,
  openSuiteDocument,
  saveSuiteDocument,
  saveSuiteText,
  setKeyAfter,
  suiteLocator,
  type SavedSuiteText,
  type SuiteDocument,
  type TextEdit,
} from './suite-document.js';

/**
 * The lifecycle: a draft is reviewed into active (replayed) or retired (rejected, and kept so that `suite create`
 * does not draft it again); an active case is retired; a retired one can be reinstated. Nothing goes back to draft.
 */
const ALLOWED: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  draft: ['active', 'retired'],
  active: ['retired'],
  retired: ['active'],
};

/** Whether a case may move from one status to another. */
export function canMoveStatus(from: CaseStatus, to: CaseStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** What setCaseStatus did. */
export interface StatusChangeResult {
  caseId: string;
  from: CaseStatus;
  to: CaseStatus;
  by: string;
  at: string;
  /** The line of the case's `status:` in the file after the change. */
  line: number | undefined;
}

/**
 * Moves a case of a suite file to a new status and records who did it and when in its `status_history`, editing the
 * YAML in place: comments, key order and formatting of everything else stay as they were.
 */
export function setCaseStatus(file: string, caseId: string, status: CaseStatus, by: string, at: string = new Date().toISOString()): StatusChangeResult {
  const to = caseStatusSchema.safeParse(status);
  if (!to.success) throw new InputError(`unknown status "${status}" (one of ${caseStatusSchema.options.join(', ')})`, { field: 'status' });
  const who = by.trim();
  if (!who) throw new InputError('who changes the status must be named', { field: 'by' });
  const suite = openSuiteDocument(file);
  const found = findCaseNode(suite.doc, caseId);
  if (!found) throw new InputError(`no case "${caseId}" in this suite`, { file, field: 'cases' });
  const current = found.node.get('status');
  // A case without `status:` is active (the schema's default).
  const from = caseStatusSchema.parse(current ?? 'active');
  const where = { file, line: suiteLocator(suite)(['cases', found.index, 'status']), field: `cases.${found.index}.status` };
  if (from === to.data) throw new InputError(`case "${caseId}" is already ${from}`, where);
  if (!canMoveStatus(from, to.data)) {
    throw new InputError(`case "${caseId}" cannot go from ${from} to ${to.data} (from ${from}: ${ALLOWED[from].join(' or ')})`, where);
  }
  const entry = { status: to.data, by: who, at };
  const edits = statusEdits(suite, found.node, to.data, entry);
  let saved: SavedSuiteText;
  if (edits) saved = saveSuiteText(suite, applyEdits(suite.text, edits));
  else {
    // A case written as a flow mapping (`- { id: a, … }`): re-rendered, since there is no line to insert.
    setKeyAfter(suite.doc, found.node, 'status', to.data, 'id');
    const history = found.node.get('status_history', true);
    if (isSeq(history)) history.items.push(suite.doc.createNode(entry));
    else setKeyAfter(suite.doc, found.node, 'status_history', [entry], 'status');
    saved = saveSuiteDocument(suite);
  }
  return { caseId, from, to: to.data, by: who, at, line: saved.lineOf(['cases', found.index, 'status']) };
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
}

/**
 * The text edits that set a block-style case's status and append to its history: the status value replaced where it
 * is (or a `status:` line added after the id), the history entry added after the last one (or a `status_history:`
 * added after the status). Undefined when the case is not written in block style.
 */
function statusEdits(suite: SuiteDocument, node: YAMLMap, status: string, entry: Record<string, string>): TextEdit[] | undefined {
  if (node.flow || !node.range) return undefined;
  const idPair = pairOf(node, 'id');
  if (!idPair || !isScalar(idPair.key) || !isScalar(idPair.value) || !idPair.key.range || !idPair.value.range) return undefined;
  const indent = columnOf(suite, idPair.key.range[0]);
  const pad = ' '.repeat(indent);
  const historyBlock = `${pad}status_history:\n${blockYaml([entry], indent + 2)}`;
  const statusPair = pairOf(node, 'status');
  const historyPair = pairOf(node, 'status_history');
  const edits: TextEdit[] = [];
  if (statusPair) {
    if (!isScalar(statusPair.value) || !statusPair.value.range) return undefined;
    edits.push({ from: statusPair.value.range[0], to: statusPair.value.range[1], insert: status });
  }
  if (historyPair) {
    const seq = historyPair.value;
    if (!isSeq(seq) || seq.flow || !seq.range || seq.items.length === 0) return undefined;
    const { at, prefix } = lineInsertion(suite.text, seq.range[1]);
    edits.push({ from: at, to: at, insert: prefix + blockYaml([entry], columnOf(suite, seq.range[0])) });
  } else if (statusPair) {
    const { at, prefix } = lineInsertion(suite.text, statusPair.value && isScalar(statusPair.value) ? statusPair.value.range![2] : 0);
    edits.push({ from: at, to: at, insert: prefix + historyBlock });
  }
  if (!statusPair) {
    const { at, prefix } = lineInsertion(suite.text, idPair.value.range[2]);
    edits.push({ from: at, to: at, insert: `${prefix}${pad}status: ${status}\n${historyPair ? '' : historyBlock}` });
  }
  return edits;
}
