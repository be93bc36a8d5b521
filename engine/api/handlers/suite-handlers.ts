import type { HandlerGroup, HandlerContext } from '../handler-context.js';
import { InputError } from '../../errors.js';
import { readReviewer } from '../../reviews/index.js';
import { addCasesToSuite } from '../../suites/add-cases.js';
import { setCaseStatus } from '../../suites/case-status.js';
import { draftCaseFromSample } from '../../suites/draft-case.js';
import { draftCaseFromRunCase } from '../../suites/draft-from-run-case.js';
import { previewExpectations } from '../../suites/preview-expectation.js';
import { saveCaseExpectations } from '../../suites/save-expectations.js';
import { suitePathIn, viewedCase, viewSuite, workspaceRelative } from '../../suites/suite-file-view.js';
import { suiteFindings, suiteSummaries } from '../../suites/suite-lint-view.js';
import { findingsByCase, listSuiteCases, suiteCaseDetail } from '../../suites/suite-views.js';

/** The reviewer who changes a case: the name kept in the workspace (the blind review asks for it once). */
function reviewerOf(ctx: HandlerContext): string {
  const by = readReviewer(ctx.workspace);
  if (!by) throw new InputError('name the reviewer first (workspace.setReviewer): a status change records who made it', { field: 'reviewer' });
  return by;
}

/** Handlers of the Suites screen: suite files, their cases, lifecycle, drafting cases, and the expectation editor. */
export const suiteHandlers: HandlerGroup<
  'suites.list' | 'suites.cases' | 'suites.case' | 'suites.setStatus' | 'suites.addCase' | 'suites.previewExpectation' | 'suites.saveExpectations'
> = {
  'suites.list': (_input, ctx) => ({ suites: suiteSummaries(ctx.workspace, ctx.store) }),
  'suites.cases': (input, ctx) => {
    const suite = viewSuite(ctx.workspace.root, input.file);
    return listSuiteCases(suite, findingsByCase(suiteFindings(suite, ctx.workspace, ctx.store)), input);
  },
  'suites.case': (input, ctx) => {
    const suite = viewSuite(ctx.workspace.root, input.file);
    return suiteCaseDetail(ctx.store, suite, findingsByCase(suiteFindings(suite, ctx.workspace, ctx.store)), input.caseId);
  },
  'suites.setStatus': (input, ctx) => {
    const suite = viewSuite(ctx.workspace.root, input.file);
    viewedCase(suite, input.caseId);
    setCaseStatus(suite.path, input.caseId, input.status, reviewerOf(ctx));
    const after = viewedCase(viewSuite(ctx.workspace.root, input.file), input.caseId).evalCase;
    return { case_id: after.id, status: after.status, status_history: after.status_history ?? [] };
  },
  'suites.addCase': (input, ctx) => {
    const path = suitePathIn(ctx.workspace.root, input.file);
    const author = { by: readReviewer(ctx.workspace) ?? undefined };
    const draft =
      'sampleId' in input.from
        ? draftCaseFromSample(ctx.store, input.from.sampleId, ctx.workspace.config, author)
        : draftCaseFromRunCase(ctx.store, input.from.runId, input.from.caseId, author);
    const result = addCasesToSuite(path, [draft], { root: ctx.workspace.root });
    const line = viewSuite(ctx.workspace.root, input.file).byId.get(draft.id)?.line ?? null;
    return { file: workspaceRelative(ctx.workspace.root, path), case_id: draft.id, added: result.added.includes(draft.id), line };
  },
  'suites.previewExpectation': (input, ctx) => {
    const suite = viewSuite(ctx.workspace.root, input.file);
    return previewExpectations(ctx.store, suite.suite.name, viewedCase(suite, input.caseId).evalCase, input.yaml);
  },
  'suites.saveExpectations': (input, ctx) => {
    const suite = viewSuite(ctx.workspace.root, input.file);
    const saved = saveCaseExpectations(suite, input.caseId, input.yaml, input.revision);
    const after = viewSuite(ctx.workspace.root, input.file);
    return { case_id: input.caseId, revision: saved.revision, expectations: saved.specs, findings: findingsByCase(suiteFindings(after, ctx.workspace, ctx.store)).get(input.caseId) ?? [] };
  },
};
