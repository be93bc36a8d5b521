import { create } from 'zustand';
import type { MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import type { TrafficFilter, TrafficRow } from '../../../shared/domain/traffic.js';
import { describeError } from '../api/describe-error.js';
import { useWorkbenchStore } from './workbench-store.js';

/** Rows per traffic.list call: a screenful or two, never the whole table. */
export const TRAFFIC_PAGE_SIZE = 100;

/** While the engine's search index catches up with a large import, the list asks again this often. */
export const INDEXING_POLL_MS = 400;

export type TrafficList = MethodOutput<'traffic.list'>;
export type TrafficDetail = MethodOutput<'traffic.get'>;

/** A stable key of a filter (keys sorted, empty values dropped), so the same filter is the same list. */
export function trafficFilterKey(filter: TrafficFilter): string {
  return JSON.stringify(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '' && v !== false).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export interface TrafficDetailEntry {
  detail: TrafficDetail | null;
  error: string | null;
}

export interface TrafficState {
  /** The client the data on screen came from. */
  client: WorkbenchClient | null;
  /** The filter whose rows are on screen (kept while a new one loads, so a filter change never blanks the list). */
  key: string | null;
  filter: TrafficFilter;
  pendingKey: string | null;
  total: number | null;
  facets: TrafficList['facets'] | null;
  /** Present while the engine is still indexing an import: the list covers `indexed` of `samples`. */
  indexing: TrafficList['indexing'] | null;
  pages: Record<number, TrafficRow[]>;
  loadingPages: Record<number, true>;
  error: string | null;
  details: Record<number, TrafficDetailEntry>;
  /** Shows a filter's first page and facets; does nothing when already shown, unless reload. */
  show(filter: TrafficFilter, opts?: { reload?: boolean }): Promise<void>;
  /** Loads the pages covering rows [start, end] that are not loaded or loading. */
  ensureRange(start: number, end: number): void;
  /** Loads one sample (once; again with reload). */
  loadDetail(id: number, opts?: { reload?: boolean }): Promise<void>;
  reset(): void;
}

/** The row at a position of the list, if its page is loaded. */
export function trafficRowAt(state: Pick<TrafficState, 'pages'>, index: number): TrafficRow | undefined {
  return state.pages[Math.floor(index / TRAFFIC_PAGE_SIZE)]?.[index % TRAFFIC_PAGE_SIZE];
}

/** The position of a sample among the loaded rows, or -1. */
export function indexOfSample(state: Pick<TrafficState, 'pages'>, id: number): number {
  for (const [page, rows] of Object.entries(state.pages)) {
    const i = rows.findIndex((r) => r.id === id);
    if (i >= 0) return Number(page) * TRAFFIC_PAGE_SIZE + i;
  }
  return -1;
}

const MAX_DETAILS = 40;

const initial = {
  client: null,
  key: null,
  filter: {},
  pendingKey: null,
  total: null,
  facets: null,
  indexing: null,
  pages: {},
  loadingPages: {},
  error: null,
  details: {},
};

let poll: ReturnType<typeof setTimeout> | null = null;

/** The Traffic screen's state: one filter's pages and facets, and the samples opened. */
export const useTrafficStore = create<TrafficState>()((set, get) => ({
  ...initial,

  async show(filter, opts = {}) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    const key = trafficFilterKey(filter);
    // Answers of another client (the app reconnected) never count as shown.
    if (!opts.reload && get().client === client && (key === get().key || key === get().pendingKey)) return;
    if (poll) clearTimeout(poll);
    poll = null;
    set({ pendingKey: key, ...(get().client === client ? {} : { client, details: {}, key: null, pages: {} }) });
    const r = await client.call('traffic.list', { filter, offset: 0, limit: TRAFFIC_PAGE_SIZE });
    // A newer filter was asked for meanwhile: this answer is no longer wanted.
    if (get().pendingKey !== key || get().client !== client) return;
    if (!r.ok) {
      // A failed refresh keeps what was on screen, with the error next to it.
      set({ pendingKey: null, error: describeError(r) });
      return;
    }
    const { rows, total, facets, indexing } = r.value;
    set({ key, filter, pendingKey: null, total, facets, indexing: indexing ?? null, pages: { 0: rows }, loadingPages: {}, error: null });
    if (indexing) poll = setTimeout(() => void get().show(get().filter, { reload: true }), INDEXING_POLL_MS);
  },

  ensureRange(start, end) {
    const { client, key, filter, pages, loadingPages, total } = get();
    if (!client || key === null || total === null) return;
    const last = Math.min(end, total - 1);
    for (let page = Math.floor(start / TRAFFIC_PAGE_SIZE); page <= Math.floor(last / TRAFFIC_PAGE_SIZE); page++) {
      if (pages[page] || loadingPages[page]) continue;
      set((s) => ({ loadingPages: { ...s.loadingPages, [page]: true } }));
      void client.call('traffic.list', { filter, offset: page * TRAFFIC_PAGE_SIZE, limit: TRAFFIC_PAGE_SIZE }).then((r) => {
        if (get().key !== key || get().client !== client) return;
        const { [page]: _done, ...still } = get().loadingPages;
        if (r.ok) set((s) => ({ pages: { ...s.pages, [page]: r.value.rows }, loadingPages: still }));
        else set({ loadingPages: still, error: describeError(r) });
      });
    }
  },

  async loadDetail(id, opts = {}) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    if (!opts.reload && get().client === client && get().details[id]?.detail) return;
    const r = await client.call('traffic.get', { id });
    const entry: TrafficDetailEntry = r.ok ? { detail: r.value, error: null } : { detail: get().details[id]?.detail ?? null, error: describeError(r) };
    set((s) => {
      const kept = Object.entries(s.details).filter(([k]) => Number(k) !== id).slice(-(MAX_DETAILS - 1));
      return { details: { ...Object.fromEntries(kept), [id]: entry } };
    });
  },

  reset() {
    if (poll) clearTimeout(poll);
    poll = null;
    set({ ...initial });
  },
}));
