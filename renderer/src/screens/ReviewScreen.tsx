import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { CaseDetail } from '../../../shared/domain/case-review.js';
import type { Vote, VoteChoice } from '../../../shared/domain/review-votes.js';
import { reviewerNameSchema } from '../../../shared/domain/review-votes.js';
import { baselineSide as blindBaselineSide, choiceFromSide, type Side } from '../../../shared/review/index.js';
import { CaseComparison } from '../components/cases/CaseComparison.js';
import { formatCount } from '../components/cases/case-format.js';
import { FilterChips } from '../components/cases/FilterChips.js';
import { KeysDialog, type KeyHelp } from '../components/cases/KeysDialog.js';
import { NoteDialog } from '../components/cases/NoteDialog.js';
import { ReviewSummary } from '../components/cases/ReviewSummary.js';
import { useKeys } from '../components/cases/use-keys.js';
import { ErrorBox } from '../components/ErrorBox.js';
import type { Route } from '../routing/route.js';
import { hrefOf, navigate } from '../routing/use-route.js';
import { indexOfCase, queryKey, rowAt } from '../stores/cases-store.js';
import { useReviewCasesStore, useReviewStore } from '../stores/review-store.js';
import { useWorkbenchStore } from '../stores/workbench-store.js';
import '../styles/cases.css';

type ReviewRoute = Extract<Route, { screen: 'review' }>;

/** The keys of the blind review, as the ? dialog lists them. */
export const REVIEW_KEYS: KeyHelp[] = [
  { keys: ['1'], does: 'Left answer is better' },
  { keys: ['2'], does: 'Right answer is better' },
  { keys: ['3'], does: 'Tie: equally good' },
  { keys: ['4'], does: 'Both answers are bad' },
  { keys: ['n'], does: 'Note (sent with the vote, or added to it)' },
  { keys: ['j'], does: 'Next case' },
  { keys: ['k'], does: 'Previous case' },
  { keys: ['?'], does: 'These keys' },
  { keys: ['Esc'], does: 'Close the dialog' },
];

type SidePick = Side | 'tie' | 'both_bad';

const PICKS: { key: string; pick: SidePick; label: string }[] = [
  { key: '1', pick: 'left', label: 'Left better' },
  { key: '2', pick: 'right', label: 'Right better' },
  { key: '3', pick: 'tie', label: 'Tie' },
  { key: '4', pick: 'both_bad', label: 'Both bad' },
];

const CHOICE_WORDS: Record<VoteChoice, string> = {
  baseline: 'baseline better',
  candidate: 'candidate better',
  tie: 'tie',
  both_bad: 'both bad',
};

/** What the reviewer pressed, read back from a stored vote and the side the baseline was on. */
function pickOf(vote: Vote): SidePick {
  if (vote.choice === 'tie' || vote.choice === 'both_bad') return vote.choice;
  return vote.choice === 'baseline' ? vote.baseline_side : vote.baseline_side === 'left' ? 'right' : 'left';
}

/** Asks the reviewer's name once; it is kept in the workspace and seeds the side shuffle. */
function ReviewerForm({ initial, onDone }: { initial: string; onDone?: () => void }) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = reviewerNameSchema.safeParse(name);
    if (!parsed.success) {
      setError('Type a name of 1 to 80 characters.');
      return;
    }
    const problem = await useReviewStore.getState().saveReviewer(parsed.data);
    if (problem) setError(problem);
    else onDone?.();
  };
  return (
    <form className="reviewer-form case-section" onSubmit={(e) => void submit(e)} data-testid="reviewer-form">
      <h2>Who is reviewing?</h2>
      <p className="hint">
        Votes are stored with this name in the workspace. The sides are shuffled per case with a seed from the name, so you see the same layout every time and another
        reviewer sees another one.
      </p>
      <label htmlFor="reviewer-name" className="field-label">
        Your name
      </label>
      <div className="reviewer-row">
        <input id="reviewer-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} autoComplete="name" autoFocus />
        <button type="submit" className="button primary">
          Start reviewing
        </button>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** Blind review of a run's (filtered) cases: sides shuffled per reviewer, names and scores revealed after the vote. */
export function ReviewScreen({ route }: { route: ReviewRoute }) {
  const { runId, filter, caseId } = route;
  const changeCount = useWorkbenchStore((s) => s.changeCount);
  const client = useWorkbenchStore((s) => s.client);
  const reviewer = useReviewStore((s) => s.reviewer);
  const reviewerError = useReviewStore((s) => s.reviewerError);
  const votesRun = useReviewStore((s) => s.votesLoadedFor);
  const votes = useReviewStore((s) => s.votes);
  const summary = useReviewStore((s) => s.summary);
  const summaryError = useReviewStore((s) => s.summaryError);
  const voteError = useReviewStore((s) => s.voteError);
  const votesError = useReviewStore((s) => s.votesError);
  const cases = useReviewCasesStore;
  const total = useReviewCasesStore((s) => s.total);
  const pages = useReviewCasesStore((s) => s.pages);
  const listError = useReviewCasesStore((s) => s.error);
  const shownKey = useReviewCasesStore((s) => s.key);
  const run = useReviewCasesStore((s) => s.run);
  const entry = useReviewCasesStore((s) => (caseId ? s.details[caseId] : undefined));
  const [dialog, setDialog] = useState<'keys' | 'note' | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const filterKey = JSON.stringify(filter);
  const query = useMemo(() => ({ runId, filter, sort: 'suite' as const }), [runId, filter]);

  useEffect(() => {
    if (useReviewStore.getState().reviewer === undefined) void useReviewStore.getState().loadReviewer();
  }, [client]);
  useEffect(() => {
    if (reviewer) void useReviewStore.getState().openRun(runId);
  }, [reviewer, runId]);
  useEffect(() => {
    void cases.getState().show(query);
    void cases.getState().loadRun(runId);
    // filterKey stands for the filter (a new object on every hash change).
  }, [runId, filterKey, cases, client]);
  useEffect(() => {
    if (caseId) void cases.getState().loadDetail(runId, caseId);
  }, [runId, caseId, cases, client]);
  const [firstChange] = useState(changeCount);
  useEffect(() => {
    if (changeCount === firstChange) return;
    void cases.getState().show(query, { reload: true });
    void useReviewStore.getState().openRun(runId, { reload: true });
  }, [changeCount]);

  const go = useCallback((next: string | undefined) => navigate({ screen: 'review', runId, filter, ...(next ? { caseId: next } : {}) }, { replace: true }), [runId, filter]);

  // No case in the URL: start at the first case of the filter this reviewer has not voted on yet.
  const votesReady = reviewer !== undefined && reviewer !== null && votesRun === runId;
  useEffect(() => {
    // Only from the pages of this very query: the store keeps the previous filter's (or run's) pages until the new
    // answer lands, and their first unvoted case may not be in this filter at all.
    if (caseId || !votesReady || shownKey !== queryKey(query)) return;
    const rows = pages[0] ?? [];
    const first = rows.find((r) => !votes[r.case_id]) ?? rows[0];
    if (first) go(first.case_id);
  }, [caseId, votesReady, shownKey, query, pages, votes, go]);

  const index = caseId ? indexOfCase({ pages }, caseId) : -1;
  const [pendingStep, setPendingStep] = useState<number | null>(null);
  const step = useCallback(
    (delta: 1 | -1) => {
      if (!total) return;
      const next = Math.min(total - 1, Math.max(0, (index < 0 ? -1 : index) + delta));
      if (next === index) return;
      const row = rowAt(cases.getState(), next);
      if (row) go(row.case_id);
      else {
        setPendingStep(next);
        cases.getState().ensureRange(next, next);
      }
    },
    [total, index, cases, go],
  );
  useEffect(() => {
    if (pendingStep === null) return;
    const row = rowAt({ pages }, pendingStep);
    if (row) {
      setPendingStep(null);
      go(row.case_id);
    }
  }, [pages, pendingStep, go]);
  // Keep the next page at hand so j never waits at a page boundary.
  useEffect(() => {
    if (index >= 0) cases.getState().ensureRange(index, index + 20);
  }, [index, cases]);

  const side: Side | null = reviewer && caseId ? blindBaselineSide(reviewer, runId, caseId) : null;
  const vote = caseId ? votes[caseId] : undefined;
  const detail = entry?.detail ?? null;
  // After the vote the reviewer sees the layout they voted on, even if their name changed since.
  const shownSide: Side | null = vote ? vote.baseline_side : side;

  const cast = useCallback(
    (pick: SidePick) => {
      if (!caseId || !side || !detail || vote || useReviewStore.getState().voting) return;
      const note = drafts[caseId];
      void useReviewStore.getState().vote({ runId, caseId, choice: choiceFromSide(pick, side), baselineSide: side, ...(note ? { note } : {}) });
    },
    [caseId, side, detail, vote, drafts, runId],
  );

  useKeys(
    {
      '1': () => cast('left'),
      '2': () => cast('right'),
      '3': () => cast('tie'),
      '4': () => cast('both_bad'),
      n: () => caseId && setDialog('note'),
      j: () => step(1),
      k: () => step(-1),
      '?': () => setDialog('keys'),
    },
    dialog === null && !!reviewer && !renaming,
  );

  const download = async (): Promise<string | null> => {
    const client = useWorkbenchStore.getState().client;
    if (!client) return 'not connected to the engine';
    const res = await client.call('reviews.list', { runId });
    if (!res.ok) return `${res.error.message}: use the command below instead.`;
    const blob = new Blob(res.value.votes.map((v) => `${JSON.stringify(v)}\n`), { type: 'application/x-ndjson' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `votes-${runId}.jsonl`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return null;
  };

  const votedHere = Object.keys(votes).length;
  const position = index >= 0 ? `Case ${formatCount(index + 1)} of ${formatCount(total ?? 0)}` : total !== null ? `${formatCount(total)} cases` : 'Loading…';

  return (
    <main id="main" className="review-screen" data-testid="review-screen">
      <header className="cases-head">
        <div className="cases-title">
          <a className="back-link" href={hrefOf({ screen: 'cases', runId, filter, sort: 'suite' })}>
            ← Cases of <code>{runId}</code>
          </a>
          <h1>Blind review</h1>
          <span className="cases-count" data-testid="review-position">
            {position}
          </span>
          {reviewer && (
            <span className="reviewer-name">
              as <strong>{reviewer}</strong> · {formatCount(votedHere)} voted{' '}
              <button type="button" className="link-button" onClick={() => setRenaming(true)}>
                not you?
              </button>
            </span>
          )}
        </div>
        <div className="cases-tools">
          <button type="button" className="button" onClick={() => step(-1)} disabled={index <= 0}>
            ← Prev <kbd>k</kbd>
          </button>
          <button type="button" className="button" onClick={() => step(1)} disabled={total === null || index >= total - 1}>
            Next <kbd>j</kbd> →
          </button>
          <button type="button" className="button icon-button" onClick={() => setDialog('keys')} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
        <FilterChips filter={filter} onChange={(f) => navigate({ screen: 'review', runId, filter: f })} />
      </header>
      <div className="review-body">
        <div className="review-main">
          {reviewerError && <ErrorBox title="Could not read the workspace" message={`${reviewerError} Is canary-gate serve still running?`} />}
          {(reviewer === null || renaming) && <ReviewerForm initial={renaming ? (reviewer ?? '') : ''} onDone={() => setRenaming(false)} />}
          {reviewer === undefined && <p className="muted">Loading…</p>}
          {reviewer && !renaming && (
            <>
              {listError && <ErrorBox title="Could not load the cases" message={listError} onRetry={() => void cases.getState().show(query, { reload: true })} />}
              {votesError && <ErrorBox title="Could not load your votes" message={votesError} onRetry={() => void useReviewStore.getState().openRun(runId, { reload: true })} />}
              {total === 0 && (
                <div className="empty" data-testid="review-empty">
                  <p>No case matches this filter, so there is nothing to review.</p>
                </div>
              )}
              {caseId && (
                <BlindCase
                  caseId={caseId}
                  detail={detail}
                  error={entry?.error ?? null}
                  side={shownSide}
                  vote={vote}
                  voteError={voteError}
                  note={drafts[caseId] ?? vote?.note ?? ''}
                  baselineTitle={run ? `Baseline · ${run.baseline.model}` : 'Baseline'}
                  candidateTitle={run ? `Candidate · ${run.candidate.model}` : 'Candidate'}
                  last={total !== null && index === total - 1}
                  onPick={cast}
                  onNext={() => step(1)}
                  onNote={() => setDialog('note')}
                  onRetry={() => void cases.getState().loadDetail(runId, caseId, { reload: true })}
                />
              )}
            </>
          )}
        </div>
        <aside className="review-side" aria-label="Vote summary">
          {reviewer && <ReviewSummary runId={runId} summary={summary} error={summaryError} onDownload={download} />}
        </aside>
      </div>
      {dialog === 'keys' && <KeysDialog keys={REVIEW_KEYS} onClose={() => setDialog(null)} />}
      {dialog === 'note' && caseId && (
        <NoteDialog
          caseId={caseId}
          initial={drafts[caseId] ?? vote?.note ?? ''}
          intro={vote ? `Added to your vote (${CHOICE_WORDS[vote.choice]}).` : 'Sent with your vote on this case.'}
          onSave={async (text) => {
            setDrafts((d) => ({ ...d, [caseId]: text }));
            if (!vote) return null;
            const ok = await useReviewStore.getState().vote({ runId, caseId, choice: vote.choice, baselineSide: vote.baseline_side, note: text });
            return ok ? null : (useReviewStore.getState().voteError ?? 'the note was not saved');
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </main>
  );
}

interface BlindCaseProps {
  caseId: string;
  detail: CaseDetail | null;
  error: string | null;
  side: Side | null;
  vote: Vote | undefined;
  voteError: string | null;
  note: string;
  baselineTitle: string;
  candidateTitle: string;
  last: boolean;
  onPick(pick: SidePick): void;
  onNext(): void;
  onNote(): void;
  onRetry(): void;
}

/** One case under review: blind until the vote, then which side was which, and the scores. */
function BlindCase({ caseId, detail, error, side, vote, voteError, note, baselineTitle, candidateTitle, last, onPick, onNext, onNote, onRetry }: BlindCaseProps) {
  const picked = vote ? pickOf(vote) : null;
  return (
    <section className="blind-case" aria-labelledby="blind-case-title" data-testid="blind-case" data-revealed={vote ? 'true' : 'false'}>
      <div className="blind-case-head">
        <h2 id="blind-case-title">
          <span className="case-id">{caseId}</span>
        </h2>
        {detail && (
          <div className="case-facts">
            {detail.slice && <span className="fact">slice {detail.slice}</span>}
            <span className="fact">severity {detail.severity}</span>
          </div>
        )}
      </div>
      {error && <ErrorBox title={`Could not load case ${caseId}`} message={error} onRetry={onRetry} />}
      {!detail && !error && <p className="muted">Loading case…</p>}
      {vote && side && (
        <div className="reveal" role="status" data-testid="reveal">
          <p>
            You voted <strong>{PICKS.find((p) => p.pick === picked)?.label.toLowerCase()}</strong>
            {vote.choice === 'baseline' || vote.choice === 'candidate' ? `: the ${vote.choice}.` : '.'} Left was the <strong>{side === 'left' ? 'baseline' : 'candidate'}</strong>, right the{' '}
            <strong>{side === 'left' ? 'candidate' : 'baseline'}</strong>.
          </p>
          {vote.note && <p className="hint">Your note: {vote.note}</p>}
          {last ? (
            <p className="hint">That was the last case of this filter.</p>
          ) : (
            <button type="button" className="button primary" onClick={onNext}>
              Next case <kbd>j</kbd>
            </button>
          )}
        </div>
      )}
      {detail && side && (
        <CaseComparison key={caseId} detail={detail} baselineSide={side} disclosure={vote ? 'open' : 'blind'} baselineTitle={baselineTitle} candidateTitle={candidateTitle} />
      )}
      {detail && side && (
        <div className="vote-bar" role="group" aria-label="Your vote" data-testid="vote-bar">
          {PICKS.map((p) => (
            <button
              key={p.key}
              type="button"
              className={`button vote-button${picked === p.pick ? ' pressed' : ''}`}
              onClick={() => onPick(p.pick)}
              disabled={vote !== undefined}
              aria-pressed={picked === p.pick}
              aria-keyshortcuts={p.key}
              data-pick={p.pick}
            >
              <kbd>{p.key}</kbd> {p.label}
            </button>
          ))}
          <button type="button" className="button vote-button" onClick={onNote} aria-keyshortcuts="n">
            <kbd>n</kbd> {note ? 'Edit note' : 'Note'}
          </button>
          {voteError && (
            <p className="form-error" role="alert">
              The vote was not stored: {voteError}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
