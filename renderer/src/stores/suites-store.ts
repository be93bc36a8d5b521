import { create } from 'zustand';
import type { MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import type { SuiteCaseFilter, SuiteCaseRow, SuiteLintFinding, SuiteSummary } from '../../../shared/domain/suite-view.js';
import { describeError } from '../api/describe-error.js';
import { useWorkbenchStore } from './workbench-store.js';

/** Rows per suites.cases call: a screenful or two, never a whole traffic-derived suite. */
export const SUITE_PAGE_SIZE = 100;

export type SuiteCaseList = MethodOutput<'suites.cases'>;
export type SuiteCaseDetail = MethodOutput<'suites.case'>;

/** A stable key of a file and filter (keys sorted, empty values dropped), so the same list is the same key. */
export function suiteListKey(file: string, filter: SuiteCaseFilter): string {
  const parts = Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== '' && v !== false)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([file, parts]);
}

export interface SuiteCaseEntry {
  detail: SuiteCaseDetail | null;
  error: string | null;
}

export interface SuitesState {
  client: WorkbenchClient | null;
  suites: SuiteSummary[] | null;
  suitesError: string | null;
  /** The file and filter whose rows are on screen (kept while a new one loads, so a filter change never blanks the list). */
  key: string | null;
  file: string | null;
  filter: SuiteCaseFilter;
  pendingKey: string | null;
  total: number | null;
  suiteCases: number | null;
  facets: SuiteCaseList['facets'] | null;
  /** Lint findings no row of the list shows (the whole file, or the cases its traffic selection gives). */
  fileFindings: SuiteLintFinding[];
  pages: Record<number, SuiteCaseRow[]>;
  loadingPages: Record<number, true>;
  error: string | null;
  /** Opened cases by `file\ncaseId`. */
  cases: Record<string, SuiteCaseEntry>;
  loadSuites(opts?: { reload?: boolean }): Promise<void>;
  /** Shows a file's filtered cases (first page and facets); does nothing when already shown, unless reload. */
  show(file: string, filter: SuiteCaseFilter, opts?: { reload?: boolean }): Promise<void>;
  ensureRange(start: number, end: number): void;
  loadCase(file: string, caseId: string, opts?: { reload?: boolean }): Promise<void>;
  /** After a write (status, expectations, a case added): the list, the counts and the open case read again. */
  refreshAfterWrite(file: string, caseId?: string): Promise<void>;
  reset(): void;
}

/** The key of an opened case. */
export const caseKey = (file: string, caseId: string) => `${file}\n${caseId}`;

/** The row at a position of the list, if its page is loaded. */
export function suiteRowAt(state: Pick<SuitesState, 'pages'>, index: number): SuiteCaseRow | undefined {
  return state.pages[Math.floor(index / SUITE_PAGE_SIZE)]?.[index % SUITE_PAGE_SIZE];
}

/** The position of a case among the loaded rows, or -1. */
export function indexOfSuiteCase(state: Pick<SuitesState, 'pages'>, caseId: string): number {
  for (const [page, rows] of Object.entries(state.pages)) {
    const i = rows.findIndex((r) => r.case_id === caseId);
    if (i >= 0) return Number(page) * SUITE_PAGE_SIZE + i;
  }
  return -1;
}

const initial = {
  client: null,
  suites: null,
  suitesError: null,
  key: null,
  file: null,
  filter: {},
  pendingKey: null,
  total: null,
  suiteCases: null,
  facets: null,
  fileFindings: [] as SuiteLintFinding[],
  pages: {},
  loadingPages: {},
  error: null,
  cases: {},
};

/** The Suites screen's state: the suite files, one file's filtered case pages and facets, and the cases opened. */
export const useSuitesStore = create<SuitesState>()((set, get) => ({
  ...initial,

  async loadSuites(opts = {}) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    if (!opts.reload && get().client === client && get().suites) return;
    if (get().client !== client) set({ ...initial, client });
    const r = await client.call('suites.list', {});
    if (get().client !== client) return;
    if (r.ok) set({ suites: r.value.suites, suitesError: null });
    else set({ suitesError: describeError(r) });
  },

  async show(file, filter, opts = {}) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    const key = suiteListKey(file, filter);
    if (!opts.reload && get().client === client && (key === get().key || key === get().pendingKey)) return;
    set({ pendingKey: key, ...(get().client === client ? {} : { ...initial, client }) });
    // Another file's rows never stay on screen under this file's name.
    if (get().file !== file) set({ key: null, pages: {}, total: null, facets: null, fileFindings: [], suiteCases: null, error: null });
    const r = await client.call('suites.cases', { file, filter, offset: 0, limit: SUITE_PAGE_SIZE });
    if (get().pendingKey !== key || get().client !== client) return;
    if (!r.ok) {
      set({ pendingKey: null, file, error: describeError(r) });
      return;
    }
    const { rows, total, facets, suite_cases, file_findings } = r.value;
    set({ key, file, filter, pendingKey: null, total, facets, fileFindings: file_findings, suiteCases: suite_cases, pages: { 0: rows }, loadingPages: {}, error: null });
  },

  ensureRange(start, end) {
    const { client, key, file, filter, pages, loadingPages, total } = get();
    if (!client || key === null || file === null || total === null) return;
    const last = Math.min(end, total - 1);
    for (let page = Math.floor(start / SUITE_PAGE_SIZE); page <= Math.floor(last / SUITE_PAGE_SIZE); page++) {
      if (pages[page] || loadingPages[page]) continue;
      set((s) => ({ loadingPages: { ...s.loadingPages, [page]: true } }));
      void client.call('suites.cases', { file, filter, offset: page * SUITE_PAGE_SIZE, limit: SUITE_PAGE_SIZE }).then((r) => {
        if (get().key !== key || get().client !== client) return;
        const { [page]: _done, ...still } = get().loadingPages;
        if (r.ok) set((s) => ({ pages: { ...s.pages, [page]: r.value.rows }, loadingPages: still }));
        else set({ loadingPages: still, error: describeError(r) });
      });
    }
  },

  async loadCase(file, caseId, opts = {}) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    const k = caseKey(file, caseId);
    if (!opts.reload && get().client === client && get().cases[k]?.detail) return;
    const r = await client.call('suites.case', { file, caseId });
    const entry: SuiteCaseEntry = r.ok ? { detail: r.value, error: null } : { detail: get().cases[k]?.detail ?? null, error: describeError(r) };
    set((s) => ({ cases: { ...s.cases, [k]: entry } }));
  },

  async refreshAfterWrite(file, caseId) {
    const { filter } = get();
    await Promise.all([get().loadSuites({ reload: true }), get().file === file ? get().show(file, filter, { reload: true }) : Promise.resolve(), caseId ? get().loadCase(file, caseId, { reload: true }) : Promise.resolve()]);
  },

  reset() {
    set({ ...initial });
  },
}));
