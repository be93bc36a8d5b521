import { useState, type FormEvent, type ReactNode } from 'react';
import { ModalDialog } from './ModalDialog.js';

/** A note on a case (n): kept with the reviewer's vote. */
export function NoteDialog({ caseId, initial, intro, onSave, onClose }: { caseId: string; initial: string; intro: ReactNode; onSave(text: string): Promise<string | null>; onClose(): void }) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const problem = await onSave(text);
    setSaving(false);
    if (problem) setError(problem);
    else onClose();
  };
  return (
    <ModalDialog title={`Note on ${caseId}`} onClose={onClose} testId="note-dialog">
      <form onSubmit={(e) => void submit(e)} className="note-form">
        <p className="hint">{intro}</p>
        <label htmlFor="case-note" className="field-label">
          Note
        </label>
        <textarea id="case-note" rows={5} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={saving}>
            Save note
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
