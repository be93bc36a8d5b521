// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodInput } from '../../../shared/contract/index.js';
import { App } from '../App.js';
import { formatRoute, parseRoute, type Route } from '../routing/route.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useSuitesStore } from '../stores/suites-store.js';
import { useTrafficStore } from '../stores/traffic-store.js';
import { fakeClient, workspaceInfo, type FakeClient, type Responder } from '../testing/fake-client.js';
import { FLAGGED_YAML, suiteCaseDetail, suiteResponders } from '../testing/suite-fixtures.js';
import { caseIdAt, caseResponders, RUN_ID } from '../testing/case-fixtures.js';
import { useCasesStore } from '../stores/cases-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';

function open(hash: string, responders: Responder = suiteResponders()): FakeClient {
  window.location.hash = hash;
  const client = fakeClient(responders);
  render(<App client={client} />);
  return client;
}

const casesInputs = (client: FakeClient) => client.callsOf('suites.cases') as MethodInput<'suites.cases'>[];
const previews = (client: FakeClient) => client.callsOf('suites.previewExpectation') as MethodInput<'suites.previewExpectation'>[];

beforeEach(() => {
  window.location.hash = '';
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 600, width: 800, height: 600, toJSON: () => ({}) });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(800);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.useRealTimers();
  useSuitesStore.getState().reset();
  useCasesStore.getState().reset();
  useTrafficStore.getState().reset();
  useRunsStore.getState().reset();
  // The screens' first effects run before the app connects its client: none may be left from the last test.
  useWorkbenchStore.setState({ client: null });
});

describe('suites routes', () => {
  it('round-trip through the hash: the file (slashes and all), the case and the filter', () => {
    const routes: Route[] = [
      { screen: 'suites', filter: {} },
      { screen: 'suites', file: 'evals/suites/pii.yaml', filter: {} },
      { screen: 'suites', file: 'evals/suites/a b.yaml', filter: { slice: 'pii', status: 'draft', flagged: true, q: 'e-mail' }, caseId: 'sample-0/1' },
    ];
    for (const r of routes) expect(parseRoute(formatRoute(r))).toEqual(r);
    expect(formatRoute(routes[2]!)).toBe('#/suites/evals%2Fsuites%2Fa%20b.yaml/sample-0%2F1?slice=pii&status=draft&flagged=1&q=e-mail');
    // An unknown status in a hand-edited URL is dropped, not fatal.
    expect(parseRoute('#/suites/x.yaml?status=gone&severity=high')).toEqual({ screen: 'suites', file: 'x.yaml', filter: { severity: 'high' } });
  });
});

describe('SuitesScreen', () => {
  it('lists the suite files with counts by status, slices, lint and the traffic they select; the nav names the screen', async () => {
    open('#/suites');
    const table = await screen.findByTestId('suite-table');
    const pii = table.querySelector('[data-file="evals/suites/pii.yaml"]')!;
    expect([...pii.querySelectorAll('td')].map((td) => td.textContent)).toEqual(['120', '100', '15', '5', 'pii 120', '40 errors']);
    const bot = table.querySelector('[data-file="evals/suites/support-bot.yaml"]')!;
    expect(bot.textContent).toContain('plus imported traffic of billing, pii, selected at replay');
    expect(bot.textContent).toContain('default');
    expect(within(pii as HTMLElement).getByRole('link', { name: 'pii' }).getAttribute('href')).toBe('#/suites/evals%2Fsuites%2Fpii.yaml');
    expect(screen.getByTestId('nav-suites').getAttribute('aria-current')).toBe('page');
  });

  it('sends the URL filter to suites.cases and shows rows with status and lint marks; a facet changes the URL', async () => {
    const client = open('#/suites/evals%2Fsuites%2Fpii.yaml?status=draft&flagged=1');
    await screen.findByText('sample-0001');
    expect(casesInputs(client)[0]).toEqual({ file: 'evals/suites/pii.yaml', filter: { status: 'draft', flagged: true }, offset: 0, limit: 100 });
    expect(screen.getByTestId('suite-count').textContent).toBe('40 of 120 cases · draft, flagged by lint');
    const row = screen.getByTestId('suite-case-list').querySelector('[data-case-id="sample-0001"]') as HTMLElement;
    expect(within(row).getByTestId('lint-mark').textContent).toBe('⚠ 1 error');
    expect(within(row).getByText('draft').className).toContain('status-draft');
    fireEvent.click(document.querySelector('[data-facet="status"][data-value="active"]')!);
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'suites', file: 'evals/suites/pii.yaml', filter: { status: 'active', flagged: true } }));
    await waitFor(() => expect(casesInputs(client).at(-1)!.filter).toEqual({ status: 'active', flagged: true }));
  });

  it('lists the lint findings no row shows (the traffic a suite selects) above the cases', async () => {
    const responders = suiteResponders();
    open('#/suites/evals%2Fsuites%2Fsupport-bot.yaml', {
      ...responders,
      'suites.cases': async (input) => {
        const r = await responders['suites.cases']!(input);
        if (!r.ok) return r;
        return { ok: true, value: { ...r.value, file_findings: [{ severity: 'error', rule: 'placeholder-in-expectation', message: '40 traffic case(s) of slice pii carry a captured label', case_id: 'traffic-1', field: 'traffic', line: 6 }, { severity: 'info', rule: 'draft-awaiting-review', message: 'a to-do', case_id: null, field: null, line: null }] } };
      },
    });
    const findings = await screen.findByTestId('suite-file-findings');
    expect(findings.hasAttribute('open')).toBe(true);
    expect(findings.textContent).toContain('Suite lint: 1 finding about the file or the traffic it selects');
    expect(findings.textContent).toContain('40 traffic case(s) of slice pii carry a captured label');
    expect(findings.textContent).not.toContain('a to-do');
    expect(screen.getByText(/This suite also replays imported traffic of billing, pii/)).toBeTruthy();
  });

  it('opens a case: the lint finding, provenance, history; editing the expectation previews FAIL then PASS on both arms, and Save sends the text and revision', async () => {
    let saved = false;
    const client = open('#/suites/evals%2Fsuites%2Fpii.yaml/sample-0000', {
      ...suiteResponders(),
      'suites.case': () => ({ ok: true, value: saved ? suiteCaseDetail('rev-2', '- type: no_refusal\n- type: contains\n  value: support\n') : suiteCaseDetail() }),
      'suites.saveExpectations': (input) => {
        saved = true;
        return { ok: true, value: { case_id: input.caseId, revision: 'rev-2', expectations: [], findings: [] } };
      },
      'runs.rescore': (input) => ({
        ok: true,
        value: { runId: input.runId, suite: { name: 'pii', path: input.file!, digest: 'sha256:ab' }, storedBecause: null, casesFromFile: 2, casesStored: 0, casesChanged: 1, results: 4, scores: 8, failed: 1, errors: 0, versions: { 'catalogue/contains@1': 4 } },
      }),
    });
    const findings = await screen.findByTestId('case-findings');
    expect(findings.textContent).toContain('contains a redaction placeholder (<EMAIL_1>) that no model can produce');
    expect(findings.textContent).toContain('cases.0.expectations.1.value');
    expect(screen.getByText('captures/support.jsonl:2')).toBeTruthy();
    expect(screen.getByTestId('status-history').textContent).toContain('draft by drafter');
    const text = screen.getByTestId('expectation-text') as HTMLTextAreaElement;
    expect(text.value).toBe(FLAGGED_YAML);
    // The case as saved is previewed at once: the placeholder fails on both arms.
    await waitFor(() => expect(screen.getAllByTestId('preview-row')).toHaveLength(2));
    const row = () => screen.getAllByTestId('preview-row').find((r) => r.getAttribute('data-name')!.startsWith('contains'))!;
    expect(within(row()).getByTestId('preview-baseline').textContent).toContain('FAIL');
    expect(within(row()).getByTestId('preview-candidate').textContent).toContain('FAIL');
    expect((screen.getByTestId('expectation-save') as HTMLButtonElement).disabled).toBe(true);

    fireEvent.change(text, { target: { value: '- type: no_refusal\n- type: contains\n  value: support\n' } });
    await waitFor(() => expect(within(row()).getByTestId('preview-baseline').textContent).toContain('PASS'));
    expect(within(row()).getByTestId('preview-candidate').textContent).toContain('PASS');
    expect(previews(client).at(-1)).toEqual({ file: 'evals/suites/pii.yaml', caseId: 'sample-0000', yaml: '- type: no_refusal\n- type: contains\n  value: support\n' });
    await waitFor(() => expect((screen.getByTestId('expectation-save') as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId('expectation-save'));
    await waitFor(() => expect(client.callsOf('suites.saveExpectations')).toEqual([{ file: 'evals/suites/pii.yaml', caseId: 'sample-0000', yaml: '- type: no_refusal\n- type: contains\n  value: support\n', revision: 'rev-1' }]));
    // The case is read again: no finding left, the editor starts from the saved text.
    await waitFor(() => expect(screen.queryByTestId('case-findings')).toBeNull());
    expect((screen.getByTestId('expectation-text') as HTMLTextAreaElement).value).toBe('- type: no_refusal\n- type: contains\n  value: support\n');
    // The run the preview used can be re-scored with the saved file (no model call); the outcome says what changed.
    const previewRun = (await screen.findByTestId('rescore-button')).textContent!.match(/^Re-score (\S+) with this file$/)![1];
    fireEvent.click(screen.getByTestId('rescore-button'));
    await waitFor(() => expect(screen.getByTestId('rescore-outcome').textContent).toBe(
      `Re-scored: 1 case(s) changed since the replay · 8 score(s) on 4 answer(s), 1 failed, 0 scorer error(s). Gate it again to update the verdicts: canary-gate gate --run ${previewRun}`,
    ));
    expect(client.callsOf('runs.rescore')).toEqual([{ runId: previewRun, file: 'evals/suites/pii.yaml' }]);
  });

  it('shows a problem of the text on its line, and Save stays off until it is fixed; typing waits for a pause', async () => {
    const client = open('#/suites/evals%2Fsuites%2Fpii.yaml/sample-0000');
    const text = (await screen.findByTestId('expectation-text')) as HTMLTextAreaElement;
    await waitFor(() => expect(previews(client)).toHaveLength(1));
    vi.useFakeTimers();
    fireEvent.change(text, { target: { value: '- type: no_refusal\n- type: contans\n' } });
    fireEvent.change(text, { target: { value: '- type: no_refusal\n- type: contans\n  value: x\n' } });
    expect(previews(client)).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(350);
    });
    vi.useRealTimers();
    expect(previews(client)).toHaveLength(2);
    const problems = await screen.findByTestId('expectation-problems');
    expect(problems.textContent).toBe('line 21.typeInvalid discriminator value');
    expect(text.getAttribute('aria-invalid')).toBe('true');
    expect((screen.getByTestId('expectation-save') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('expectation-status').textContent).toBe('1 problem: fix before saving');
  });

  it('a status change asks once for the reviewer name, keeps it, then records the change', async () => {
    let status: 'draft' | 'active' = 'draft';
    const client = open('#/suites/evals%2Fsuites%2Fpii.yaml/sample-0000', {
      ...suiteResponders(),
      'suites.case': () => ({ ok: true, value: suiteCaseDetail('rev-1', FLAGGED_YAML, status) }),
      'workspace.setReviewer': (input) => ({ ok: true, value: { reviewer: input.reviewer } }),
      'suites.setStatus': (input) => {
        status = 'active';
        return { ok: true, value: { case_id: input.caseId, status: input.status, status_history: [] } };
      },
    });
    fireEvent.click(await screen.findByTestId('status-active'));
    const dialog = await screen.findByTestId('reviewer-dialog');
    fireEvent.change(within(dialog).getByTestId('reviewer-name'), { target: { value: 'Ada' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(client.callsOf('suites.setStatus')).toEqual([{ file: 'evals/suites/pii.yaml', caseId: 'sample-0000', status: 'active' }]));
    expect(client.callsOf('workspace.setReviewer')).toEqual([{ reviewer: 'Ada' }]);
    await waitFor(() => expect(screen.getByTestId('suite-case-status').textContent).toBe('active'));
    expect(screen.getByTestId('status-history').textContent).toContain('active by Ada');
    // An active case can be retired, with the keyboard too; the name is not asked again.
    expect(screen.queryByTestId('status-active')).toBeNull();
    fireEvent.keyDown(window, { key: 'r' });
    await waitFor(() => expect(client.callsOf('suites.setStatus')).toHaveLength(2));
    expect((client.callsOf('suites.setStatus')[1] as { status: string }).status).toBe('retired');
    expect(screen.queryByTestId('reviewer-dialog')).toBeNull();
  });

  it('shows a refused status change with the engine message', async () => {
    open('#/suites/evals%2Fsuites%2Fpii.yaml/sample-0000', {
      ...suiteResponders(),
      'workspace.info': () => ({ ok: true, value: { ...workspaceInfo, reviewer: 'Ada' } }),
      'suites.setStatus': () => ({ ok: false, error: { code: 'bad_input', message: 'evals/suites/pii.yaml:9: cases.0.status: case "sample-0000" is already retired' } }),
    });
    await waitFor(() => expect(useRunsStore.getState().workspace?.reviewer).toBe('Ada'));
    fireEvent.click(await screen.findByTestId('status-retired'));
    expect((await screen.findByTestId('suite-action-error')).textContent).toContain('evals/suites/pii.yaml:9: cases.0.status: case "sample-0000" is already retired');
  });

  it('"Add to suite" on a traffic sample picks a suite file, appends a draft and links to it', async () => {
    const client = open('#/traffic/1', {
      ...suiteResponders(),
      'traffic.list': () => ({ ok: true, value: { rows: [], total: 0, facets: { slice: [], model: [], redacted: 0 } } }),
      'traffic.get': () => ({ ok: true, value: { id: 1, source_id: 'cap_1', slice: 'pii', captured_at: '2026-11-02T09:15:00Z', source_file: null, source_line: null, sample: { request: { model: 'm', messages: [{ role: 'user', content: 'hi' }] } } } }),
      'suites.addCase': (input) => ({ ok: true, value: { file: input.file, case_id: 'sample-abc', added: true, line: 4000 } }),
    });
    fireEvent.click(await screen.findByTestId('traffic-add-to-suite'));
    const dialog = await screen.findByTestId('add-to-suite');
    await within(dialog).findByText('pii');
    // The first suite that is not the default one is proposed.
    expect((within(dialog).getByRole('radio', { name: /pii/ }) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(dialog).getByRole('radio', { name: 'A new suite file' }));
    fireEvent.change(within(dialog).getByLabelText('Path in the workspace'), { target: { value: 'evals/suites/new.yaml' } });
    fireEvent.click(within(dialog).getByTestId('add-to-suite-submit'));
    expect((await within(dialog).findByTestId('add-to-suite-done')).textContent).toBe('Added draft case sample-abc in evals/suites/new.yaml (line 4000).');
    expect(client.callsOf('suites.addCase')).toEqual([{ file: 'evals/suites/new.yaml', from: { sampleId: 1 } }]);
    expect(within(dialog).getByTestId('add-to-suite-link').getAttribute('href')).toBe('#/suites/evals%2Fsuites%2Fnew.yaml/sample-abc');
  });

  it('"Add to suite" on a case of the side-by-side view adds the case it was opened for, even after j moved the view', async () => {
    const client = open(`#/runs/${RUN_ID}/cases/${caseIdAt(0)}`, {
      ...caseResponders(10),
      'suites.list': () => ({ ok: true, value: { suites: [] } }),
      'suites.addCase': (input) => ({ ok: true, value: { file: input.file, case_id: caseIdAt(0), added: true, line: 3 } }),
    });
    fireEvent.click(await screen.findByTestId('case-add-to-suite', {}, { timeout: 5000 }));
    const dialog = await screen.findByTestId('add-to-suite');
    // No suite file yet: a new one is proposed.
    const radio = (await within(dialog).findByRole('radio', { name: 'A new suite file' })) as HTMLInputElement;
    expect(radio.checked).toBe(true);
    fireEvent.keyDown(radio, { key: 'j' });
    expect(parseRoute(window.location.hash)).toMatchObject({ screen: 'cases', caseId: caseIdAt(0) });
    fireEvent.click(within(dialog).getByTestId('add-to-suite-submit'));
    await within(dialog).findByTestId('add-to-suite-done');
    expect(client.callsOf('suites.addCase')).toEqual([{ file: 'evals/suites/curated.yaml', from: { runId: RUN_ID, caseId: caseIdAt(0) } }]);
  });
});
