import { create } from 'zustand';
import type { Vote, VoteChoice, VoteSummary } from '../../../shared/domain/review-votes.js';
import { describeError } from '../api/describe-error.js';
import { createCasesStore } from './cases-store.js';
import { useWorkbenchStore } from './workbench-store.js';

export interface CastVote {
  runId: string;
  caseId: string;
  choice: VoteChoice;
  baselineSide: 'left' | 'right';
  note?: string;
}

export interface ReviewState {
  /** The reviewer's name from the workspace; null until given; undefined until workspace.info answered. */
  reviewer: string | null | undefined;
  reviewerError: string | null;
  /** The run whose votes are loaded. */
  runId: string | null;
  /** This reviewer's votes on the run, by case id. */
  votes: Record<string, Vote>;
  /** The run whose votes have arrived (or failed): until then, which cases are voted is unknown. */
  votesLoadedFor: string | null;
  votesError: string | null;
  summary: VoteSummary | null;
  summaryError: string | null;
  voteError: string | null;
  /** A vote is on its way (keys are ignored meanwhile, so a double press cannot vote twice). */
  voting: boolean;
  /** Reads the reviewer's name kept in the workspace. */
  loadReviewer(): Promise<void>;
  /** Keeps the reviewer's name in the workspace; returns an error message or null. */
  saveReviewer(name: string): Promise<string | null>;
  /** Loads this reviewer's votes on a run and the run's summary (again with reload). */
  openRun(runId: string, opts?: { reload?: boolean }): Promise<void>;
  refreshSummary(): Promise<void>;
  /** Records a vote (or replaces this reviewer's vote on the case); true when stored. */
  vote(v: CastVote): Promise<boolean>;
  reset(): void;
}

const initial = {
  reviewer: undefined,
  reviewerError: null,
  runId: null,
  votes: {},
  votesLoadedFor: null,
  votesError: null,
  summary: null,
  summaryError: null,
  voteError: null,
  voting: false,
};

/** The blind review's state: who is reviewing, their votes on the open run, and what all votes say. */
export const useReviewStore = create<ReviewState>()((set, get) => ({
  ...initial,

  async loadReviewer() {
    const client = useWorkbenchStore.getState().client;
    if (!client) return;
    const res = await client.call('workspace.info', {});
    if (res.ok) set({ reviewer: res.value.reviewer ?? null, reviewerError: null });
    else set({ reviewer: null, reviewerError: describeError(res) });
  },

  async saveReviewer(name) {
    const client = useWorkbenchStore.getState().client;
    if (!client) return 'not connected to the engine';
    const res = await client.call('workspace.setReviewer', { reviewer: name });
    if (!res.ok) return describeError(res);
    set({ reviewer: res.value.reviewer, reviewerError: null, runId: null, votes: {}, votesLoadedFor: null });
    return null;
  },

  async openRun(runId, opts = {}) {
    const { reviewer, runId: current } = get();
    const client = useWorkbenchStore.getState().client;
    if (!client || !reviewer || (current === runId && !opts.reload)) return;
    if (current !== runId) set({ runId, votes: {}, votesLoadedFor: null, summary: null, votesError: null, summaryError: null, voteError: null });
    const res = await client.call('reviews.list', { runId, reviewer });
    if (get().runId !== runId) return;
    if (res.ok) set({ votes: Object.fromEntries(res.value.votes.map((v) => [v.case_id, v])), votesLoadedFor: runId, votesError: null });
    else set({ votesLoadedFor: runId, votesError: describeError(res) });
    await get().refreshSummary();
  },

  async refreshSummary() {
    const client = useWorkbenchStore.getState().client;
    const runId = get().runId;
    if (!client || !runId) return;
    const res = await client.call('reviews.summary', { runId });
    if (get().runId !== runId) return;
    // A failed refresh keeps the summary that was on screen.
    if (res.ok) set({ summary: res.value, summaryError: null });
    else set({ summaryError: describeError(res) });
  },

  async vote(v) {
    const client = useWorkbenchStore.getState().client;
    const reviewer = get().reviewer;
    if (!client || !reviewer || get().voting) return false;
    set({ voting: true, voteError: null });
    const res = await client.call('reviews.vote', {
      runId: v.runId,
      caseId: v.caseId,
      reviewer,
      choice: v.choice,
      baselineSide: v.baselineSide,
      ...(v.note !== undefined && v.note.trim() !== '' ? { note: v.note.trim() } : {}),
    });
    if (!res.ok) {
      set({ voting: false, voteError: describeError(res) });
      return false;
    }
    set((s) => ({ voting: false, votes: s.runId === v.runId ? { ...s.votes, [v.caseId]: res.value } : s.votes }));
    void get().refreshSummary();
    return true;
  },

  reset() {
    set({ ...initial });
  },
}));

/** The cases the blind review walks: its own paged list, so reviewing never moves the case list's place. */
export const useReviewCasesStore = createCasesStore();
