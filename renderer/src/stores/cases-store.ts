import { create } from 'zustand';
import type { CaseDetail, CaseFacets, CaseFilter, CaseRow, CaseSort } from '../../../shared/domain/case-review.js';
import type { MetricName } from '../../../shared/domain/policy.js';
import type { RunSummary } from '../../../shared/domain/run.js';
import { describeError } from '../api/describe-error.js';
import { useRunsStore } from './runs-store.js';
import { useWorkbenchStore } from './workbench-store.js';

/** Rows per cases.list call: a screenful or two, never the whole run. */
export const CASE_PAGE_SIZE = 100;

/** What a case list shows: one run, one filter, one order. */
export interface CaseQuery {
  runId: string;
  filter: CaseFilter;
  sort: CaseSort;
}

/** A stable key of a query (filter keys sorted), so the same filter typed in another order is the same list. */
export function queryKey(q: CaseQuery): string {
  const filter = Object.fromEntries(Object.entries(q.filter).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
  return JSON.stringify([q.runId, q.sort, filter]);
}

export interface DetailEntry {
  detail: CaseDetail | null;
  error: string | null;
}

export interface CasesState {
  /** The query whose rows are on screen (kept while a new one loads, so a filter change never blanks the list). */
  query: CaseQuery | null;
  key: string | null;
  /** The query being loaded, if any. */
  pendingKey: string | null;
  total: number | null;
  runCases: number | null;
  facets: CaseFacets | null;
  changeMetric: MetricName | null;
  /** Loaded pages by page number. */
  pages: Record<number, CaseRow[]>;
  loadingPages: Record<number, true>;
  error: string | null;
  /** The error's code: infra means the engine could not be reached, bad_input a query it refused (e.g. search syntax). */
  errorCode: string | null;
  /** performance.now() when the rows on screen arrived: what the render time of a filter is measured from. */
  answeredAt: number;
  /** Case details by case id, for the run of `query`. */
  details: Record<string, DetailEntry>;
  /** The run's targets, for column titles; null until loaded (the list works without it). */
  run: RunSummary | null;
  /** Loads the run's summary once per run. */
  loadRun(runId: string): Promise<void>;
  /** Shows a query; does nothing when it is already shown, unless reload (the workspace changed underneath). */
  show(query: CaseQuery, opts?: { reload?: boolean }): Promise<void>;
  /** Loads the pages covering rows [start, end] that are not loaded or loading. */
  ensureRange(start: number, end: number): void;
  /** Loads one case's detail (once; again with reload). */
  loadDetail(runId: string, caseId: string, opts?: { reload?: boolean }): Promise<void>;
  reset(): void;
}

/** The row at a position of the list, if its page is loaded. */
export function rowAt(state: Pick<CasesState, 'pages'>, index: number): CaseRow | undefined {
  return state.pages[Math.floor(index / CASE_PAGE_SIZE)]?.[index % CASE_PAGE_SIZE];
}

/** The position of a case among the loaded rows, or -1. */
export function indexOfCase(state: Pick<CasesState, 'pages'>, caseId: string): number {
  for (const [page, rows] of Object.entries(state.pages)) {
    const i = rows.findIndex((r) => r.case_id === caseId);
    if (i >= 0) return Number(page) * CASE_PAGE_SIZE + i;
  }
  return -1;
}

const MAX_DETAILS = 40;

const initial = {
  query: null,
  key: null,
  pendingKey: null,
  total: null,
  runCases: null,
  facets: null,
  changeMetric: null,
  pages: {},
  loadingPages: {},
  error: null,
  errorCode: null,
  answeredAt: 0,
  details: {},
  run: null,
};

/**
 * A paged case list of one run, fed by cases.list. The case list and the blind review each hold their own
 * (a factory, so both walk cases with the same paging and neither moves the other's place).
 */
export function createCasesStore() {
  // Answers can arrive out of order (a slow first filter after a newer one): only the latest generation writes.
  let generation = 0;
  let askedWith: unknown = null;
  return create<CasesState>()((set, get, api) => {
    async function fetchPage(query: CaseQuery, key: string, gen: number, page: number, replace: boolean): Promise<void> {
      const client = useWorkbenchStore.getState().client;
      if (!client) return;
      const res = await client.call('cases.list', { runId: query.runId, filter: query.filter, sort: query.sort, offset: page * CASE_PAGE_SIZE, limit: CASE_PAGE_SIZE });
      if (gen !== generation) return;
      if (!res.ok) {
        set((s) => {
          const loadingPages = { ...s.loadingPages };
          delete loadingPages[page];
          return { error: describeError(res), errorCode: res.error.code, loadingPages, pendingKey: null };
        });
        return;
      }
      const v = res.value;
      set((s) => {
        const loadingPages = { ...s.loadingPages };
        delete loadingPages[page];
        if (replace) {
          // The first answer of a new (or reloaded) query replaces what was on screen in one step.
          return {
            query,
            key,
            pendingKey: null,
            pages: { [page]: v.rows },
            loadingPages,
            total: v.total,
            runCases: v.run_cases,
            facets: v.facets,
            changeMetric: v.change_metric,
            error: null,
            errorCode: null,
            answeredAt: performance.now(),
            details: !s.query || s.query.runId === query.runId ? s.details : {},
          };
        }
        if (s.key !== key) return { loadingPages };
        return { pages: { ...s.pages, [page]: v.rows }, loadingPages, total: v.total, runCases: v.run_cases, error: null };
      });
    }

    return {
      ...initial,

      async show(query, opts = {}) {
        const key = queryKey(query);
        const s = get();
        // Without a client yet (the app connects it after the screens mount) the screen asks again once it is there.
        const client = useWorkbenchStore.getState().client;
        if (!client) return;
        // A new client (the app reconnected) asks again even for the query already shown.
        if (!opts.reload && client === askedWith && (s.key === key || s.pendingKey === key)) return;
        askedWith = client;
        generation += 1;
        const gen = generation;
        // A reload keeps the rows on screen until the fresh first page replaces them.
        set({ pendingKey: key, loadingPages: { 0: true } });
        await fetchPage(query, key, gen, 0, true);
      },

      ensureRange(start, end) {
        const s = get();
        if (!s.query || !s.key || s.pendingKey || s.total === null) return;
        const last = Math.min(end, s.total - 1);
        for (let page = Math.floor(Math.max(0, start) / CASE_PAGE_SIZE); page <= Math.floor(last / CASE_PAGE_SIZE); page += 1) {
          if (s.pages[page] || s.loadingPages[page]) continue;
          set((x) => ({ loadingPages: { ...x.loadingPages, [page]: true } }));
          void fetchPage(s.query, s.key, generation, page, false);
        }
      },

      async loadDetail(runId, caseId, opts = {}) {
        const existing = get().details[caseId];
        if (existing && !opts.reload && (existing.detail || existing.error === null)) return;
        const client = useWorkbenchStore.getState().client;
        if (!client) return;
        if (!existing) set((s) => ({ details: { ...s.details, [caseId]: { detail: null, error: null } } }));
        const res = await client.call('cases.get', { runId, caseId });
        set((s) => {
          if (s.query && s.query.runId !== runId) return {};
          const details = { ...s.details };
          // A failed reload keeps the detail that was on screen, with the error beside it.
          details[caseId] = res.ok ? { detail: res.value, error: null } : { detail: details[caseId]?.detail ?? null, error: describeError(res) };
          const ids = Object.keys(details);
          for (const old of ids.slice(0, Math.max(0, ids.length - MAX_DETAILS))) if (old !== caseId) delete details[old];
          return { details };
        });
      },

      async loadRun(runId) {
        if (get().run?.id === runId) return;
        // The run list the app loaded already names the targets; runs.get (a whole gate evaluation, slow on a
        // big run) is asked only for a run not among them, and after the first rows so it never delays them.
        const waiting = (st: string) => st === 'idle' || st === 'loading';
        if (waiting(useRunsStore.getState().listStatus)) {
          await new Promise<void>((resolve) => {
            const off = useRunsStore.subscribe((r) => {
              if (!waiting(r.listStatus)) {
                off();
                resolve();
              }
            });
          });
        }
        const listed = useRunsStore.getState().runs.find((r) => r.id === runId);
        if (listed) {
          set({ run: listed });
          return;
        }
        const client = useWorkbenchStore.getState().client;
        if (!client) return;
        if (get().pendingKey) {
          await new Promise<void>((resolve) => {
            const off = api.subscribe((s) => {
              if (!s.pendingKey) {
                off();
                resolve();
              }
            });
          });
        }
        const res = await client.call('runs.get', { runId });
        if (res.ok && get().run?.id !== runId) set({ run: res.value });
      },

      reset() {
        generation += 1;
        askedWith = null;
        set({ ...initial });
      },
    };
  });
}

/** The case list screen's cases. */
export const useCasesStore = createCasesStore();
