import { diffLines, diffWordsWithSpace, type Change } from 'diff';
import { useMemo, useState } from 'react';
import type { TargetDiff, TargetSide } from '../../../../shared/domain/run-overview.js';
import { shortDigest } from '../../format.js';
import { ScrollTable } from '../ScrollTable.js';

type Mode = 'words' | 'lines';

/** The prompt diff, by words or lines; a word diff too costly to finish in time falls back to lines. */
export function diffPrompt(baseline: string, candidate: string, mode: Mode): Change[] {
  if (mode === 'words') {
    const words = diffWordsWithSpace(baseline, candidate, { timeout: 250 });
    if (words) return words;
  }
  return diffLines(baseline, candidate);
}

const SIDE_FIELDS: { key: keyof TargetSide; title: string }[] = [
  { key: 'name', title: 'Target' },
  { key: 'model', title: 'Model' },
  { key: 'provider', title: 'Provider' },
  { key: 'base_url', title: 'Endpoint' },
];

/** What differs between the run's baseline and candidate: changed fields, fingerprints and the system prompt. */
export function TargetDiffPanel({ diff }: { diff: TargetDiff }) {
  const [mode, setMode] = useState<Mode>('words');
  const promptChanged = diff.baseline.system_prompt !== diff.candidate.system_prompt;
  const changes = useMemo(() => (promptChanged ? diffPrompt(diff.baseline.system_prompt, diff.candidate.system_prompt, mode) : []), [diff, mode, promptChanged]);
  const otherChanges = diff.changed.filter((c) => c.field !== 'system_prompt');
  return (
    <section className="overview-card" aria-labelledby="target-diff-heading" data-testid="target-diff">
      <div className="card-head">
        <h2 id="target-diff-heading">What changed between the targets</h2>
      </div>
      {diff.identical && (
        <p className="aa-note" role="note" data-testid="aa-note">
          <strong>A/A run:</strong> both arms are the same target ({diff.baseline.name}, fingerprint <code title={diff.baseline.fingerprint}>{shortDigest(diff.baseline.fingerprint)}</code>
          ). Its gates measure noise between two replays, not a change.
        </p>
      )}
      <ScrollTable label="Targets side by side" pinFirst>
        <table className="data-table target-table">
          <caption className="sr-only">Baseline and candidate targets side by side</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Baseline</th>
              <th scope="col">Candidate</th>
            </tr>
          </thead>
          <tbody>
            {SIDE_FIELDS.map(({ key, title }) => (
              <tr key={key} className={diff.baseline[key] !== diff.candidate[key] ? 'changed' : undefined}>
                <th scope="row">{title}</th>
                <td>
                  <code>{String(diff.baseline[key])}</code>
                  {key === 'model' && diff.baseline.simulated && <span className="badge badge-sim">SIMULATED</span>}
                </td>
                <td>
                  <code>{String(diff.candidate[key])}</code>
                  {key === 'model' && diff.candidate.simulated && <span className="badge badge-sim">SIMULATED</span>}
                </td>
              </tr>
            ))}
            <tr className={diff.identical ? undefined : 'changed'}>
              <th scope="row">Fingerprint</th>
              <td>
                <code className="digest" title={diff.baseline.fingerprint} data-testid="fingerprint-baseline">
                  {shortDigest(diff.baseline.fingerprint)}
                </code>
              </td>
              <td>
                <code className="digest" title={diff.candidate.fingerprint} data-testid="fingerprint-candidate">
                  {shortDigest(diff.candidate.fingerprint)}
                </code>
              </td>
            </tr>
          </tbody>
        </table>
      </ScrollTable>
      <h3>Changed settings</h3>
      {otherChanges.length === 0 ? (
        <p className="muted" data-testid="no-changed-fields">
          {promptChanged ? 'Only the system prompt differs.' : 'No setting differs.'}
        </p>
      ) : (
        <ul className="changed-fields" data-testid="changed-fields">
          {otherChanges.map((c) => (
            <li key={c.field} data-field={c.field}>
              <code className="field-name">{c.field}</code> <del title="baseline">{c.baseline || '(none)'}</del> <span aria-hidden="true">→</span>
              <span className="sr-only"> changed to </span> <ins title="candidate">{c.candidate || '(none)'}</ins>
            </li>
          ))}
        </ul>
      )}
      <div className="prompt-head">
        <h3>System prompt</h3>
        {promptChanged && (
          <div className="segmented" role="group" aria-label="Diff granularity">
            {(['words', 'lines'] as const).map((m) => (
              <button key={m} type="button" className="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
                {m === 'words' ? 'Words' : 'Lines'}
              </button>
            ))}
          </div>
        )}
      </div>
      {promptChanged ? (
        <>
          <p className="hint diff-legend">
            <del>struck out</del> = only the baseline’s prompt · <ins>underlined</ins> = only the candidate’s
          </p>
          <pre className="prompt-diff" data-testid="prompt-diff">
            {changes.map((c, i) => (c.added ? <ins key={i}>{c.value}</ins> : c.removed ? <del key={i}>{c.value}</del> : <span key={i}>{c.value}</span>))}
          </pre>
        </>
      ) : (
        <p className="muted" data-testid="prompt-same">
          {diff.baseline.system_prompt === '' ? 'Neither target adds a system prompt.' : 'Both targets use the same system prompt.'}
        </p>
      )}
    </section>
  );
}
