import type { ReplayEstimate, ReplayRequest } from '../../../../shared/domain/replay-control.js';

/** The launcher's inputs as typed (text, so a half-typed number is kept and explained rather than dropped). */
export interface ReplayFormValues {
  suite: string;
  baseline: string;
  candidate: string;
  repeats: string;
  concurrency: string;
  /** Cost cap in USD. */
  cap: string;
  /** Start even when both arms are the same frozen target (an A/A run). */
  allowIdentical: boolean;
}

export const emptyReplayForm: ReplayFormValues = { suite: '', baseline: '', candidate: '', repeats: '', concurrency: '', cap: '', allowIdentical: false };

export type ReplayField = keyof ReplayFormValues;

export type BuiltReplay =
  | { ok: true; request: ReplayRequest; concurrency: number | undefined; cap: number | null; estimateKey: string }
  | { ok: false; problems: { field: ReplayField; message: string }[] };

function wholeNumber(text: string, min: number, max: number, what: string, field: ReplayField, problems: { field: ReplayField; message: string }[]): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < min || n > max) {
    problems.push({ field, message: `${what} must be a whole number from ${min} to ${max}.` });
    return undefined;
  }
  return n;
}

/**
 * Reads the form into a replay request (blank = the workspace's default), with one message per wrong field.
 * `estimateKey` names what the estimate depends on: suite, targets and repeats (not concurrency or the cap).
 */
export function buildReplayRequest(form: ReplayFormValues): BuiltReplay {
  const problems: { field: ReplayField; message: string }[] = [];
  const repeats = wholeNumber(form.repeats, 1, 50, 'Repeats', 'repeats', problems);
  const concurrency = wholeNumber(form.concurrency, 1, 512, 'Concurrency', 'concurrency', problems);
  const capText = form.cap.trim().replace(/^\$/, '');
  let cap: number | null = null;
  if (capText !== '') {
    const n = Number(capText);
    if (!/^\d+(\.\d+)?$/.test(capText) || !Number.isFinite(n)) problems.push({ field: 'cap', message: 'The cost cap must be an amount in US dollars, such as 5 or 2.50.' });
    else cap = n;
  }
  if (problems.length > 0) return { ok: false, problems };
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  const request: ReplayRequest = {
    ...(text(form.suite) ? { suite: text(form.suite) } : {}),
    ...(text(form.baseline) ? { baseline: text(form.baseline) } : {}),
    ...(text(form.candidate) ? { candidate: text(form.candidate) } : {}),
    ...(repeats !== undefined ? { repeats } : {}),
  };
  return { ok: true, request, concurrency, cap, estimateKey: JSON.stringify([request.suite ?? null, request.baseline ?? null, request.candidate ?? null, request.repeats ?? null]) };
}

/** "$0.0123", "$4.20", "$1,204.00": small amounts keep their first significant digits. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toPrecision(2)}`;
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Why Start cannot be pressed now, or null when it can: shown next to the button. */
export function startBlocker(form: ReplayFormValues, estimate: { value: ReplayEstimate | null; key: string | null; loading: boolean; startedKey?: string | null }, starting: boolean): string | null {
  if (starting) return 'Starting…';
  const built = buildReplayRequest(form);
  if (!built.ok) return 'Correct the inputs above first.';
  // One estimate, one start: a second click would only meet the same run (already replaying).
  if (estimate.startedKey && estimate.startedKey === built.estimateKey && estimate.key === built.estimateKey) return 'Started: follow it under Replays. Change the choices and estimate again to start another.';
  if (estimate.loading) return 'Waiting for the estimate…';
  if (!estimate.value || estimate.key === null) return 'Estimate first: it shows the calls and the cost before anything is spent.';
  if (estimate.key !== built.estimateKey) return 'The choices changed since the estimate: estimate again.';
  if (estimate.value.identical_targets && !form.allowIdentical) return 'Both arms are the same target (an A/A run): allow it below to start anyway.';
  if (built.cap === null) return 'Set a cost cap: the replay stops spending there.';
  if (estimate.value.cost.total > built.cap) return `The estimate (${formatUsd(estimate.value.cost.total)}) is over the cap (${formatUsd(built.cap)}): raise the cap or replay less.`;
  return null;
}
