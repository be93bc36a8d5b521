import { useState, type FormEvent } from 'react';
import { ModalDialog } from '../cases/ModalDialog.js';

/** Asks once for the name status changes are recorded with (kept in the workspace, shared with the blind review). */
export function ReviewerDialog({ onSave, onClose }: { onSave(name: string): Promise<string | null>; onClose(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    const problem = await onSave(name);
    setSaving(false);
    if (problem) setError(problem);
  };
  return (
    <ModalDialog title="Who is reviewing?" onClose={onClose} testId="reviewer-dialog">
      <form onSubmit={(e) => void submit(e)} className="note-form reviewer-form">
        <p className="hint">A case's status history records who moved it and when. Your name is kept in this workspace.</p>
        <label htmlFor="suite-reviewer" className="field-label">
          Your name
        </label>
        <input id="suite-reviewer" type="text" value={name} maxLength={80} onChange={(e) => setName(e.target.value)} data-testid="reviewer-name" />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button primary" disabled={saving || !name.trim()}>
            Continue
          </button>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
