import { useEffect, useId, useRef, useState } from 'react';
import type { ExpectationProblem, PreviewOutput, PreviewVerdict } from '../../../../shared/domain/suite-view.js';
import { describeError } from '../../api/describe-error.js';
import { useWorkbenchStore } from '../../stores/workbench-store.js';

/** How long typing must pause before the engine validates the text and scores it on the stored outputs. */
export const PREVIEW_DEBOUNCE_MS = 300;

export interface ExpectationEditorProps {
  file: string;
  caseId: string;
  /** The expectations as saved (YAML text), what the editor starts from and compares with. */
  initial: string;
  revision: string;
  /** Called after a save, to reload the case and the list. */
  onSaved(): void;
}

const VERDICT_LABEL: Record<PreviewVerdict['verdict'], string> = { pass: 'PASS', fail: 'FAIL', error: 'ERROR', skipped: 'SKIPPED' };

function VerdictCell({ verdicts, testId }: { verdicts: PreviewVerdict[]; testId: string }) {
  if (verdicts.length === 0) return <td className="muted">no answer</td>;
  return (
    <td data-testid={testId}>
      {verdicts.map((v) => (
        <div key={v.attempt} className="preview-verdict">
          <span className={`verdict-chip verdict-${v.verdict}`}>
            {verdicts.length > 1 && <span className="attempt-no">#{v.attempt} </span>}
            {VERDICT_LABEL[v.verdict]}
          </span>
          {v.value !== null && <span className="preview-value">{v.value.toFixed(3)}</span>}
          <span className="preview-reason">{v.reason}</span>
        </div>
      ))}
    </td>
  );
}

function ProblemList({ problems, textareaId }: { problems: ExpectationProblem[]; textareaId: string }) {
  if (problems.length === 0) return null;
  return (
    <ul className="editor-problems" id={`${textareaId}-problems`} data-testid="expectation-problems">
      {problems.map((p, i) => (
        <li key={i}>
          {p.line !== null && <span className="problem-line">line {p.line}</span>}
          {p.field && <code className="problem-field">{p.field}</code>}
          <span>{p.message}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * A case's expectations as YAML, validated by the engine as you type (the same schema and messages a suite file
 * gets), with the verdict each expectation gives on the stored answers of both arms of the newest run that
 * replayed the case, and Save. Scoring happens in the engine: some scorers compile code the page's CSP forbids.
 */
export function ExpectationEditor({ file, caseId, initial, revision, onSaved }: ExpectationEditorProps) {
  const client = useWorkbenchStore((s) => s.client);
  const [text, setText] = useState(initial);
  const [preview, setPreview] = useState<PreviewOutput | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [savedNote, setSavedNote] = useState<string | null>(null);
  const asked = useRef(0);
  const id = useId();
  const textareaId = `expectations-${id}`;

  useEffect(() => {
    if (!client) return;
    const ask = ++asked.current;
    setChecking(true);
    const timer = setTimeout(
      () => {
        void client.call('suites.previewExpectation', { file, caseId, yaml: text }).then((r) => {
          if (ask !== asked.current) return;
          setChecking(false);
          if (r.ok) {
            setPreview(r.value);
            setPreviewError(null);
          } else setPreviewError(describeError(r));
        });
      },
      // The first preview (the case as saved) is asked at once; typing waits for a pause.
      text === initial && preview === null ? 0 : PREVIEW_DEBOUNCE_MS,
    );
    return () => clearTimeout(timer);
    // preview is read only to tell the first run apart; it must not re-trigger the effect.
  }, [client, file, caseId, text]);

  const problems = preview?.problems ?? [];
  const dirty = text !== initial;
  const rows = text.split('\n').length;

  const save = async () => {
    if (!client) return;
    setSaving(true);
    setSaveError(null);
    setSavedNote(null);
    const r = await client.call('suites.saveExpectations', { file, caseId, yaml: text, revision });
    setSaving(false);
    if (!r.ok) {
      setSaveError(describeError(r));
      return;
    }
    setSavedNote(`Saved to ${file}`);
    onSaved();
  };

  return (
    <section className="case-section expectation-editor" aria-labelledby={`${id}-title`} data-testid="expectation-editor">
      <div className="editor-head">
        <h3 id={`${id}-title`}>Expectations</h3>
        <span className="hint">YAML, as in the suite file · checked as you type</span>
      </div>
      <label htmlFor={textareaId} className="sr-only">
        Expectations of {caseId} as YAML
      </label>
      <textarea
        id={textareaId}
        className={`editor-text${problems.length ? ' has-problems' : ''}`}
        value={text}
        rows={Math.min(18, Math.max(4, rows + 1))}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={problems.length > 0}
        aria-describedby={problems.length ? `${textareaId}-problems` : undefined}
        data-testid="expectation-text"
        onChange={(e) => {
          setText(e.target.value);
          setSavedNote(null);
        }}
        onKeyDown={(e) => {
          if ((e.ctrlKey || e.metaKey) && e.key === 's') {
            e.preventDefault();
            if (dirty && problems.length === 0 && !checking) void save();
          }
        }}
      />
      <ProblemList problems={problems} textareaId={textareaId} />
      {previewError && (
        <p className="form-error" role="alert">
          Could not check the expectations: {previewError}
        </p>
      )}
      <div className="editor-actions">
        <button type="button" className="button primary" disabled={!dirty || saving || checking || problems.length > 0} onClick={() => void save()} data-testid="expectation-save" aria-keyshortcuts="Control+S">
          {saving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" disabled={!dirty || saving} onClick={() => setText(initial)}>
          Revert
        </button>
        <span className="editor-status" role="status" aria-live="polite" data-testid="expectation-status">
          {savedNote ?? (checking ? 'Checking…' : problems.length ? `${problems.length} problem${problems.length === 1 ? '' : 's'}: fix before saving` : dirty ? 'Unsaved changes' : 'As saved')}
        </span>
      </div>
      {saveError && (
        <p className="form-error" role="alert" data-testid="expectation-save-error">
          {saveError}
        </p>
      )}
      <div className="preview" aria-live="polite" data-testid="expectation-preview" aria-busy={checking}>
        <h4>
          Preview on stored answers
          {preview?.run && (
            <span className="muted">
              {' '}
              · run <a href={`#/runs/${encodeURIComponent(preview.run.run_id)}`}>{preview.run.run_id}</a>
            </span>
          )}
        </h4>
        {preview?.note && <p className="placeholder" data-testid="preview-note">{preview.note}</p>}
        {preview && preview.run && preview.expectations.length === 0 && problems.length === 0 && <p className="placeholder">No expectations: every answer passes.</p>}
        {preview && preview.run && preview.expectations.length > 0 && (
          <table className="preview-table">
            <thead>
              <tr>
                <th scope="col">Expectation</th>
                <th scope="col">Baseline · {preview.run.baseline_model}</th>
                <th scope="col">Candidate · {preview.run.candidate_model}</th>
              </tr>
            </thead>
            <tbody>
              {preview.expectations.map((e) => (
                <tr key={e.index} data-testid="preview-row" data-name={e.name}>
                  <th scope="row">
                    <code>{e.name}</code>
                    {e.line !== null && <span className="muted small"> line {e.line}</span>}
                  </th>
                  <VerdictCell verdicts={e.baseline} testId="preview-baseline" />
                  <VerdictCell verdicts={e.candidate} testId="preview-candidate" />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
