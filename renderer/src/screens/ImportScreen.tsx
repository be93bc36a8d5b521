import { useId, type FormEvent } from 'react';
import { ErrorBox } from '../components/ErrorBox.js';
import { FileTable } from '../components/FileTable.js';
import { ImportProgressBar } from '../components/ImportProgressBar.js';
import { ImportSummary } from '../components/ImportSummary.js';
import { PreviewSamples } from '../components/PreviewSamples.js';
import { RedactionCounts } from '../components/RedactionCounts.js';
import { RejectList } from '../components/RejectList.js';
import { buildImportRequest, captureFormatLabels, captureFormats, type CaptureFormat } from '../import-form.js';
import { importBlocker, PREVIEW_LIMIT, useImportStore } from '../stores/import-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import '../styles/import.css';

function ImportForm() {
  const id = useId();
  const form = useImportStore((s) => s.form);
  const previewStatus = useImportStore((s) => s.previewStatus);
  const running = useImportStore((s) => s.runStatus === 'running');
  const blocker = useImportStore(importBlocker);
  const root = useRunsStore((s) => s.workspace?.root ?? null);
  const { setForm, runPreview, runImport } = useImportStore.getState();
  const built = buildImportRequest(form);
  // An empty paths box is the starting state, not a mistake worth a red message: the disabled Preview says enough.
  const problems = built.ok ? [] : built.problems.filter((p) => p.field !== 'paths').map((p) => p.message);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void runPreview();
  };

  return (
    <form className="panel import-form" onSubmit={onSubmit} aria-label="Import settings">
      <fieldset disabled={running}>
        <div className="field">
          <label htmlFor={`${id}-paths`}>Files or folders on this machine, one per line</label>
          <textarea
            id={`${id}-paths`}
            data-testid="import-paths"
            rows={4}
            spellCheck={false}
            placeholder={'captures/2026-11.jsonl\n/var/log/llm-gateway/'}
            value={form.pathsText}
            onChange={(e) => setForm({ pathsText: e.target.value })}
            aria-describedby={`${id}-paths-hint`}
          />
          <p className="hint" id={`${id}-paths-hint`}>
            Relative paths are relative to the workspace root{root ? <> (<code>{root}</code>)</> : null}. Folders are read recursively (
            <code>.jsonl</code>, <code>.ndjson</code>, <code>.json</code>, optionally gzipped).
          </p>
        </div>

        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-format`}>Format</label>
            <select id={`${id}-format`} data-testid="import-format" value={form.format} onChange={(e) => setForm({ format: e.target.value as CaptureFormat | '' })}>
              <option value="">Auto-detect per file</option>
              {captureFormats.map((f) => (
                <option key={f} value={f}>
                  {captureFormatLabels[f]}
                </option>
              ))}
            </select>
          </div>
        </div>

        <div className="field">
          <label className="switch">
            <input type="checkbox" role="switch" data-testid="import-redact" checked={form.redact} onChange={(e) => setForm({ redact: e.target.checked })} />
            <span className="switch-track" aria-hidden="true" />
            <span className="switch-label">Redact secrets and PII before storing</span>
          </label>
          {form.redact ? (
            <p className="hint">E-mail addresses, keys, card numbers and the like are replaced by placeholders such as &lt;EMAIL_1&gt; before anything is stored.</p>
          ) : (
            <p className="warning-box" data-testid="redact-warning">
              Redaction is off: samples will be stored as captured, including any secrets or personal data they contain.
            </p>
          )}
        </div>

        <div className="field">
          <label className="checkbox">
            <input type="checkbox" data-testid="import-sample" checked={form.sampleEnabled} onChange={(e) => setForm({ sampleEnabled: e.target.checked })} />
            Keep a stratified sample instead of everything
          </label>
          {form.sampleEnabled && (
            <div className="field-row sample-fields">
              <div className="field">
                <label htmlFor={`${id}-n`}>Samples (n)</label>
                <input id={`${id}-n`} data-testid="import-sample-n" type="number" min={1} step={1} value={form.sampleN} onChange={(e) => setForm({ sampleN: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-min`}>Min per slice</label>
                <input id={`${id}-min`} data-testid="import-sample-min" type="number" min={0} step={1} value={form.sampleMinPerSlice} onChange={(e) => setForm({ sampleMinPerSlice: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-seed`}>Seed</label>
                <input id={`${id}-seed`} data-testid="import-sample-seed" type="number" min={0} step={1} value={form.sampleSeed} onChange={(e) => setForm({ sampleSeed: e.target.value })} />
              </div>
            </div>
          )}
          {form.sampleEnabled && <p className="hint">The preview shows the first samples in file order; the sample is drawn across all of them when importing.</p>}
        </div>
      </fieldset>

      {problems.length > 0 && (
        <ul className="form-problems" data-testid="form-problems">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}

      <div className="actions">
        <button type="submit" className="button" data-testid="import-preview-button" disabled={!built.ok || running}>
          {previewStatus === 'loading' ? 'Previewing…' : 'Preview'}
        </button>
        <button type="button" className="button primary" data-testid="import-run-button" disabled={blocker !== null} onClick={() => void runImport()}>
          {running ? 'Importing…' : 'Import'}
        </button>
        {blocker !== null && !running && (
          <span className="hint" data-testid="import-blocker">
            {blocker}
          </span>
        )}
      </div>
    </form>
  );
}

function PreviewPanel() {
  const status = useImportStore((s) => s.previewStatus);
  const preview = useImportStore((s) => s.preview);
  const error = useImportStore((s) => s.previewError);
  const stale = useImportStore((s) => {
    const built = buildImportRequest(s.form);
    return s.previewKey !== null && (!built.ok || built.key !== s.previewKey);
  });
  const { runPreview } = useImportStore.getState();

  if (status === 'error') return <ErrorBox title="Preview failed" message={error ?? 'unknown error'} onRetry={stale ? undefined : () => void runPreview()} testId="preview-error" />;
  if (!preview) return status === 'loading' ? <p className="placeholder">Reading the first samples…</p> : null;

  const rejectedTotal = preview.files.reduce((a, f) => a + f.rejected, 0);
  const stopped = preview.samples.length >= PREVIEW_LIMIT;
  return (
    <section className={stale ? 'panel preview stale' : 'panel preview'} aria-label="Preview" aria-busy={status === 'loading'} data-testid="import-preview">
      <div className="panel-head">
        <h2>Preview</h2>
        <span className="muted">Nothing has been stored yet.</span>
      </div>
      {stale && (
        <p className="warning-box" data-testid="preview-stale">
          The inputs changed since this preview. Preview again before importing.
        </p>
      )}
      {/* The note sits with the counts it qualifies: the preview stops reading once it has its samples. */}
      <FileTable
        files={preview.files}
        testId="preview-files"
        {...(stopped ? { note: `The preview stopped after the first ${PREVIEW_LIMIT} samples: these counts cover only what it read, and files after that point were not opened.` } : {})}
      />
      <p className="redactions">
        <span className="label">Redactions</span>
        <RedactionCounts redacted={preview.redacted} counts={preview.redactions} testId="redaction-counts" />
      </p>
      <RejectList title="File errors" items={preview.file_errors} testId="preview-file-errors" />
      <RejectList title="Rejected records" items={preview.rejects} total={Math.max(rejectedTotal, preview.rejects.length)} testId="preview-rejects" />
      <h3>
        First samples <span className="count">{preview.samples.length}</span>
        {stopped && <span className="muted"> (the preview stops at {PREVIEW_LIMIT})</span>}
      </h3>
      <PreviewSamples samples={preview.samples} />
    </section>
  );
}

function RunPanel() {
  const status = useImportStore((s) => s.runStatus);
  const progress = useImportStore((s) => s.progress);
  const result = useImportStore((s) => s.result);
  const error = useImportStore((s) => s.runError);
  if (status === 'running') return <ImportProgressBar progress={progress} />;
  if (status === 'error') return <ErrorBox title="Import failed" message={error ?? 'unknown error'} testId="import-error" />;
  if (status === 'done' && result) return <ImportSummary result={result} />;
  return null;
}

/** Imports captured traffic: choose inputs, preview the first samples and the redactions, then import. */
export function ImportScreen() {
  return (
    <main id="main" className="import-screen">
      <div className="import-column">
        <h1>Import traffic</h1>
        <p className="muted intro">
          Captured model calls become samples in this workspace, to build eval suites and replay against a candidate. Preview first: it shows how each file is read and
          exactly what would be stored.
        </p>
        <ImportForm />
        <RunPanel />
        <PreviewPanel />
      </div>
    </main>
  );
}
