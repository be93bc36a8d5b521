import { YAMLSeq } from 'yaml';
import type { ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { InputError } from '../errors.js';
import { parseExpectationsText } from './expectations-text.js';
import { caseRevision, viewedCase, type ViewedSuite } from './suite-file-view.js';
import { findCaseNode, openSuiteDocument, saveSuiteDocument, setKeyAfter } from './suite-document.js';

/**
 * Writes a case's edited expectations (the editor's YAML text, comments kept) into its suite file in place, so the
 * rest of the file keeps its comments, order and layout. Refuses text with a problem (file, field, and the line in
 * the edited text) and a case that changed on disk since `revision` was read. The engine function behind
 * `suites.saveExpectations`.
 */
export function saveCaseExpectations(suite: ViewedSuite, caseId: string, text: string, revision?: string): { specs: ScorerSpec[]; revision: string } {
  const viewed = viewedCase(suite, caseId);
  const field = `cases.${viewed.index}.expectations`;
  if (revision !== undefined && revision !== caseRevision(viewed.evalCase)) {
    throw new InputError(`case "${caseId}" changed on disk since it was opened: reload it, then edit again`, { file: suite.file, field });
  }
  const edited = parseExpectationsText(text);
  const problem = edited.problems[0];
  if (problem || edited.specs === null) {
    const where = problem?.line ? ` (line ${problem.line} of the edited expectations)` : '';
    throw new InputError(`${problem?.message ?? 'invalid expectations'}${where}`, { file: suite.file, field: problem?.field ? `${field}.${problem.field}` : field });
  }
  const doc = openSuiteDocument(suite.path);
  const found = findCaseNode(doc.doc, caseId);
  if (!found) throw new InputError(`case "${caseId}" is no longer in the file: reload it`, { file: suite.file, field: 'cases' });
  let node = edited.node;
  if (node === null || node.items.length === 0) {
    node = new YAMLSeq();
    node.flow = true;
  }
  setKeyAfter(doc.doc, found.node, 'expectations', node, 'tags');
  const saved = saveSuiteDocument(doc).value.cases[found.index]!;
  return { specs: saved.expectations, revision: caseRevision(saved) };
}
