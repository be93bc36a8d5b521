import { useId, type FormEvent } from 'react';
import { useReplayStore } from '../../stores/replay-store.js';
import { ErrorBox } from '../ErrorBox.js';
import { buildReplayRequest, formatUsd, startBlocker, type ReplayField } from './replay-form.js';

function TextField({ id, field, label, placeholder, hint, problem, inputMode }: { id: string; field: ReplayField; label: string; placeholder?: string; hint?: string; problem?: string; inputMode?: 'numeric' | 'decimal' }) {
  const value = useReplayStore((s) => s.form[field]) as string;
  const describedBy = [hint ? `${id}-${field}-hint` : null, problem ? `${id}-${field}-problem` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{label}</label>
      <input
        id={`${id}-${field}`}
        type="text"
        data-testid={`replay-${field}`}
        value={value}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => useReplayStore.getState().setForm({ [field]: e.target.value })}
      />
      {hint && (
        <p className="hint" id={`${id}-${field}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p className="field-problem" id={`${id}-${field}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );
}

/** The launcher: suite, targets, repeats, concurrency and a cost cap; the estimate; Start once it is safe to. */
export function ReplayLauncher() {
  const id = useId();
  const form = useReplayStore((s) => s.form);
  const defaults = useReplayStore((s) => s.defaults);
  const defaultsError = useReplayStore((s) => s.defaultsError);
  const estimate = useReplayStore((s) => s.estimate);
  const estimateKey = useReplayStore((s) => s.estimateKey);
  const estimateStatus = useReplayStore((s) => s.estimateStatus);
  const estimateError = useReplayStore((s) => s.estimateError);
  const starting = useReplayStore((s) => s.starting);
  const startError = useReplayStore((s) => s.startError);
  const startedKey = useReplayStore((s) => s.startedKey);
  const built = buildReplayRequest(form);
  const problems = built.ok ? {} : Object.fromEntries(built.problems.map((p) => [p.field, p.message]));
  const blocker = startBlocker(form, { value: estimate, key: estimateKey, loading: estimateStatus === 'loading', startedKey }, starting);
  const stale = estimate !== null && built.ok && estimateKey !== built.estimateKey;
  const { runEstimate, start, setForm } = useReplayStore.getState();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void runEstimate();
  };

  return (
    <section className="panel replay-launcher" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>New replay</h2>
      <p className="hint replay-intro">Replays the suite’s cases against both targets. Blank fields use the workspace’s defaults (canary-gate.yaml).</p>
      {defaultsError && <p className="warning-box">The workspace’s defaults could not be read: {defaultsError}</p>}
      <form onSubmit={onSubmit} aria-label="Replay settings" noValidate>
        <fieldset disabled={starting}>
          <TextField id={id} field="suite" label="Suite" placeholder={defaults ? `${defaults.suite.name} (default)` : 'default suite'} hint={defaults ? `${defaults.suite.cases} cases in ${defaults.suite.file}` : undefined} />
          <div className="field-row replay-targets">
            <TextField id={id} field="baseline" label="Baseline target" placeholder={defaults ? `${defaults.baseline.name} (default)` : 'default baseline'} />
            <TextField id={id} field="candidate" label="Candidate target" placeholder={defaults ? `${defaults.candidate.name} (default)` : 'default candidate'} />
          </div>
          <div className="field-row replay-numbers">
            <TextField id={id} field="repeats" label="Repeats" placeholder={defaults ? `${defaults.repeats} (default)` : 'default'} inputMode="numeric" {...(problems.repeats ? { problem: problems.repeats } : {})} />
            <TextField id={id} field="concurrency" label="Concurrency" placeholder="default" inputMode="numeric" hint="Calls in flight at once" {...(problems.concurrency ? { problem: problems.concurrency } : {})} />
            <TextField id={id} field="cap" label="Cost cap (USD)" placeholder="e.g. 5.00" inputMode="decimal" hint="Spending stops here" {...(problems.cap ? { problem: problems.cap } : {})} />
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" data-testid="replay-estimate" disabled={!built.ok || estimateStatus === 'loading' || starting}>
            {estimateStatus === 'loading' ? 'Estimating…' : 'Estimate'}
          </button>
          <button type="button" className="button primary" data-testid="replay-start" disabled={blocker !== null} onClick={() => void start()}>
            {starting ? 'Starting…' : 'Start replay'}
          </button>
          {blocker !== null && !starting && (
            <span className="hint" data-testid="replay-blocker">
              {blocker}
            </span>
          )}
        </div>
      </form>
      {estimateStatus === 'error' && estimateError && <ErrorBox title="Estimate failed" message={estimateError} testId="replay-estimate-error" />}
      {startError && <ErrorBox title="The replay did not start" message={startError} testId="replay-start-error" />}
      {estimate && (
        <div className={stale ? 'replay-estimate stale' : 'replay-estimate'} data-testid="replay-estimate-result" aria-live="polite">
          <h3>Estimate</h3>
          <dl className="replay-estimate-figures">
            <div>
              <dt>Suite</dt>
              <dd>
                {estimate.suite.name} <span className="muted">({estimate.suite.cases} cases)</span>
              </dd>
            </div>
            <div>
              <dt>Baseline</dt>
              <dd>
                {estimate.baseline.name} <span className="muted">{estimate.baseline.model}{estimate.baseline.simulated ? ' · simulated' : ''}</span>
              </dd>
            </div>
            <div>
              <dt>Candidate</dt>
              <dd>
                {estimate.candidate.name} <span className="muted">{estimate.candidate.model}{estimate.candidate.simulated ? ' · simulated' : ''}</span>
              </dd>
            </div>
            <div className="num">
              <dt>Calls</dt>
              <dd data-testid="replay-estimate-calls">{estimate.calls.toLocaleString('en-US')}</dd>
            </div>
            <div className="num">
              <dt>Cost at most</dt>
              <dd data-testid="replay-estimate-cost">{formatUsd(estimate.cost.total)}</dd>
            </div>
            <div className="num">
              <dt>Baseline · candidate</dt>
              <dd>
                {formatUsd(estimate.cost.baseline)} · {formatUsd(estimate.cost.candidate)}
              </dd>
            </div>
          </dl>
          {estimate.cost.unpriced.length > 0 && (
            <p className="warning-box" data-testid="replay-unpriced">
              No price is known for {estimate.cost.unpriced.join(', ')}: its calls are not in the cost above, and the cap cannot bound them. Add its price to the workspace’s prices file.
            </p>
          )}
          {estimate.identical_targets && (
            <div className="warning-box replay-aa" data-testid="replay-aa-warning">
              <p>
                <strong>A/A run:</strong> baseline and candidate are the same frozen target, so the gates will measure noise, not a change. Pick a different candidate, or run it on
                purpose to check the gate’s false-alarm rate.
              </p>
              <label className="checkbox">
                <input type="checkbox" data-testid="replay-allow-aa" checked={form.allowIdentical} onChange={(e) => setForm({ allowIdentical: e.target.checked })} />
                Allow this A/A run
              </label>
            </div>
          )}
          {stale && <p className="hint">The inputs changed since this estimate.</p>}
        </div>
      )}
    </section>
  );
}
