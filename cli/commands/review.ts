import { resolve } from 'node:path';
import type { IntervalEstimate, VoteSummary } from '../../shared/domain/review-votes.js';
import { NotFoundError } from '../../engine/errors.js';
import { writeFileAtomic } from '../../engine/fs-atomic.js';
import { listVotes, summarizeVotes, votesToJsonl } from '../../engine/reviews/index.js';
import { unknownRunError } from '../../engine/runs/unknown-run.js';
import type { Store } from '../../engine/store/index.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../table.js';

const USAGE = 'review summary [--run <id>] [--json] | review export [--run <id>] [--reviewer <name>] [--out <votes.jsonl>]';

/** --run, else the newest run; a clear error when the workspace has none or not that one. */
function resolveRun(store: Store, run: unknown): string {
  const runId = typeof run === 'string' ? run : store.runs.list(1, 0).runs[0]?.id;
  if (!runId) throw new NotFoundError('the workspace has no runs yet: run `canary-gate replay` first');
  if (!store.runs.get(runId)) throw unknownRunError(store, runId);
  return runId;
}

const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null) => (x === null ? '–' : x.toFixed(3));

function row(label: string, r: IntervalEstimate, basis: string, fmt: (x: number | null) => string): string[] {
  const interval = r.lower === null || r.upper === null ? '–' : `${fmt(r.lower)} … ${fmt(r.upper)}`;
  return [label, fmt(r.estimate), interval, basis, r.reason ?? r.method];
}

/** The summary as people read it: counts, then each rate and the agreement with its interval and how it was made. */
function renderSummary(s: VoteSummary): string {
  const who = s.reviewers.map((r) => `${r.reviewer} ${r.votes}`).join(', ');
  const head = `Blind review of run ${s.run_id}: ${s.votes} vote(s) on ${s.cases_voted} case(s)${who ? ` by ${s.reviewers.length} reviewer(s) (${who})` : ''}.`;
  if (s.votes === 0) return `${head}\nNo votes yet: open the run in 'canary-gate serve' (Review) to vote.`;
  const c = s.counts;
  const decisive = c.candidate + c.baseline;
  const rows = [
    row('candidate preferred', s.candidate_preference, `${c.candidate} of ${decisive} decisive`, pct),
    row('tie or both bad', s.tie_rate, `${c.tie + c.both_bad} of ${s.votes}`, pct),
    row('both bad', s.both_bad_rate, `${c.both_bad} of ${s.votes}`, pct),
  ];
  const a = s.agreement;
  if (a) rows.push(row(a.statistic === 'cohen_kappa' ? "Cohen's kappa" : "Fleiss' kappa", a, `${a.raters} reviewers, ${a.items} shared cases`, num));
  const level = `${Math.round(100 * s.candidate_preference.level)} % interval`;
  const lines = [head, `Votes: candidate ${c.candidate}, baseline ${c.baseline}, tie ${c.tie}, both bad ${c.both_bad}.`, '', renderTable(['', 'estimate', level, 'of', 'method'], rows)];
  if (!a) lines.push('', 'Agreement: needs two reviewers voting on the same cases.');
  return lines.join('\n');
}

/** `canary-gate review`: the blind review's votes on a run, summarised or exported as JSON Lines. */
export const reviewCommand: Command = {
  name: 'review',
  summary: 'review summary: the blind-review preference rate (ties explicit) and reviewer agreement with intervals; review export: the votes as JSONL',
  usage: USAGE,
  options: { run: { type: 'string' }, out: { type: 'string' }, reviewer: { type: 'string' } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const sub = positionals[0];
    if (positionals.length !== 1 || (sub !== 'summary' && sub !== 'export')) {
      io.err(`canary-gate review: usage: canary-gate ${USAGE}`);
      return EXIT.badInput;
    }
    if (sub === 'summary' && (values.out !== undefined || values.reviewer !== undefined)) {
      io.err('canary-gate review summary: --out and --reviewer belong to review export (the summary covers every reviewer)');
      return EXIT.badInput;
    }
    const ctx = openContext(values, io);
    try {
      const runId = resolveRun(ctx.store, values.run);
      if (sub === 'summary') {
        const s = summarizeVotes(ctx.store, runId);
        io.out(values.json ? JSON.stringify(s) : renderSummary(s));
        return EXIT.ok;
      }
      const votes = listVotes(ctx.store, runId, typeof values.reviewer === 'string' ? values.reviewer : undefined);
      const jsonl = votesToJsonl(votes);
      if (typeof values.out !== 'string') {
        // Standard output is the export itself: one vote a line, nothing else.
        if (jsonl) io.out(jsonl.slice(0, -1));
        return EXIT.ok;
      }
      const file = resolve(io.cwd, values.out);
      writeFileAtomic(file, jsonl);
      if (values.json) io.out(JSON.stringify({ run_id: runId, votes: votes.length, file }));
      else io.out(`Wrote ${votes.length} vote(s) of run ${runId} to ${file}.`);
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};
