import { useEffect, useId, useState, type FormEvent } from 'react';
import type { MethodInput, MethodOutput } from '../../../../shared/contract/index.js';
import type { SuiteSummary } from '../../../../shared/domain/suite-view.js';
import { describeError } from '../../api/describe-error.js';
import { hrefOf } from '../../routing/use-route.js';
import { useWorkbenchStore } from '../../stores/workbench-store.js';
import { ModalDialog } from '../cases/ModalDialog.js';
import '../../styles/suites.css';

const NEW_FILE = '\u0000new';

/** What a draft case is made from: a traffic sample, or a case of a run. */
export type AddSource = MethodInput<'suites.addCase'>['from'];

/**
 * "Add to suite": pick a suite file (or name a new one), append a draft case made from the sample or run case,
 * and confirm with a link to the case in the Suites screen.
 */
export function AddToSuiteDialog({ from, what, onClose }: { from: AddSource; what: string; onClose(): void }) {
  const client = useWorkbenchStore((s) => s.client);
  const [suites, setSuites] = useState<SuiteSummary[] | null>(null);
  const [choice, setChoice] = useState<string>('');
  const [newFile, setNewFile] = useState('evals/suites/curated.yaml');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<MethodOutput<'suites.addCase'> | null>(null);
  const id = useId();

  useEffect(() => {
    if (!client) return;
    void client.call('suites.list', {}).then((r) => {
      if (!r.ok) {
        setError(describeError(r));
        setSuites([]);
        return;
      }
      const readable = r.value.suites.filter((s) => s.error === null);
      setSuites(readable);
      setChoice((c) => c || (readable.find((s) => !s.is_default)?.file ?? readable[0]?.file ?? NEW_FILE));
    });
  }, [client]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!client) return;
    const file = choice === NEW_FILE ? newFile.trim() : choice;
    setBusy(true);
    setError(null);
    const r = await client.call('suites.addCase', { file, from });
    setBusy(false);
    if (r.ok) setDone(r.value);
    else setError(describeError(r));
  };

  return (
    <ModalDialog title={`Add ${what} to a suite`} onClose={onClose} testId="add-to-suite">
      {/* The screen's single-key shortcuts (j, k, n) must not act behind the dialog; Tab and Escape are the dialog's. */}
      <div onKeyDown={(e) => e.key !== 'Tab' && e.key !== 'Escape' && e.stopPropagation()}>
        {done ? (
          <div className="add-done" role="status">
            <p data-testid="add-to-suite-done">
              {done.added ? 'Added' : 'Already in the suite:'} draft case <code>{done.case_id}</code> in <code>{done.file}</code>
              {done.line !== null ? ` (line ${done.line})` : ''}.
            </p>
            <div className="actions">
              <a className="button primary" href={hrefOf({ screen: 'suites', file: done.file, filter: {}, caseId: done.case_id })} data-testid="add-to-suite-link" onClick={onClose}>
                Open the case
              </a>
              <button type="button" className="button" onClick={onClose}>
                Close
              </button>
            </div>
          </div>
        ) : (
          <form onSubmit={(e) => void submit(e)} className="add-form">
            <p className="hint">It is appended as a draft: review its expectations, then activate it. Only active cases are replayed.</p>
            {suites === null ? (
              <p className="placeholder">Loading the suites…</p>
            ) : (
              <fieldset className="add-choices">
                <legend>Suite file</legend>
                {suites.map((s) => (
                  <label key={s.file} className="add-choice">
                    <input type="radio" name={`${id}-file`} value={s.file} checked={choice === s.file} onChange={() => setChoice(s.file)} />
                    <span>
                      <strong>{s.name ?? s.file}</strong> <code className="muted">{s.file}</code> <span className="muted">· {s.cases.toLocaleString('en-US')} cases</span>
                    </span>
                  </label>
                ))}
                <label className="add-choice">
                  <input type="radio" name={`${id}-file`} value={NEW_FILE} checked={choice === NEW_FILE} onChange={() => setChoice(NEW_FILE)} />
                  <span>A new suite file</span>
                </label>
                {choice === NEW_FILE && (
                  <div className="add-new-file field">
                    <label htmlFor={`${id}-new`} className="field-label">
                      Path in the workspace
                    </label>
                    <input id={`${id}-new`} type="text" value={newFile} onChange={(e) => setNewFile(e.target.value)} spellCheck={false} />
                  </div>
                )}
              </fieldset>
            )}
            {error && (
              <p className="form-error" role="alert" data-testid="add-to-suite-error">
                {error}
              </p>
            )}
            <div className="actions">
              <button type="submit" className="button primary" disabled={busy || suites === null} data-testid="add-to-suite-submit">
                {busy ? 'Adding…' : 'Add draft case'}
              </button>
              <button type="button" className="button" onClick={onClose}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </div>
    </ModalDialog>
  );
}
