import { create } from 'zustand';
import type { EventPayload, MethodOutput, WorkbenchClient } from '../../../shared/contract/index.js';
import { describeError } from '../api/describe-error.js';
import { buildImportRequest, defaultImportForm, type ImportFormValues } from '../import-form.js';

/** How many samples a preview shows: enough to judge the mapping and the redaction, cheap to read. */
export const PREVIEW_LIMIT = 20;

export type ImportPreviewValue = MethodOutput<'import.preview'>;
export type ImportRunValue = MethodOutput<'import.run'>;
export type ImportProgress = EventPayload<'import.progress'>;

export interface ImportState {
  client: WorkbenchClient | null;
  form: ImportFormValues;
  previewStatus: 'idle' | 'loading' | 'ready' | 'error';
  preview: ImportPreviewValue | null;
  /** The request key the preview (or its error) belongs to; the form may have moved on since. */
  previewKey: string | null;
  previewError: string | null;
  /** Set once the previewed request was imported, so one preview is not imported twice by a double click. */
  previewImported: boolean;
  runStatus: 'idle' | 'running' | 'done' | 'error';
  result: ImportRunValue | null;
  runError: string | null;
  /** The latest import.progress of the import in flight; null before the first event. */
  progress: ImportProgress | null;
  /** Attaches the client (a new client starts from a clean form). */
  connect(client: WorkbenchClient): void;
  /** Changes form fields; the preview stays visible but no longer counts for these inputs. */
  setForm(patch: Partial<ImportFormValues>): void;
  /** Dry-runs the form's request: formats, first samples, redactions, rejects. */
  runPreview(): Promise<void>;
  /** Imports the previewed request for real; refused unless the preview matches the current inputs. */
  runImport(): Promise<void>;
  /** Records an import.progress event while an import runs. */
  applyProgress(p: ImportProgress): void;
  /** Back to the initial state (tests, or a client switch). */
  reset(): void;
}

const initial = {
  client: null,
  form: defaultImportForm,
  previewStatus: 'idle' as const,
  preview: null,
  previewKey: null,
  previewError: null,
  previewImported: false,
  runStatus: 'idle' as const,
  result: null,
  runError: null,
  progress: null,
};

// A slow preview must not overwrite a newer one; each request remembers its number and only the latest writes.
let previewSeq = 0;

/** Why Import cannot be pressed now, or null when it can: the reason is shown next to the button. */
export function importBlocker(s: Pick<ImportState, 'form' | 'previewStatus' | 'previewKey' | 'previewImported' | 'runStatus' | 'preview'>): string | null {
  if (s.runStatus === 'running') return 'Importing…';
  const built = buildImportRequest(s.form);
  if (!built.ok) return 'Fill in the inputs, then preview them.';
  if (s.previewStatus === 'loading') return 'Waiting for the preview…';
  if (s.previewStatus !== 'ready' || s.previewKey === null) return 'Preview these inputs first.';
  if (s.previewKey !== built.key) return 'The inputs changed since the preview: preview again.';
  // A preview that found nothing to read (a mistyped path answers with file errors only) has nothing to import.
  if (!s.preview || s.preview.files.length === 0) return 'No capture file was found at these paths (see the file errors below): correct them and preview again.';
  if (s.preview.files.every((f) => f.error !== null)) return 'None of these files could be read (see the errors below): correct the paths and preview again.';
  if (s.previewImported) return 'Imported. Preview again to import these inputs once more.';
  return null;
}

/** The import screen's state: the form, the preview of its inputs, and the import that follows. */
export const useImportStore = create<ImportState>()((set, get) => ({
  ...initial,

  connect(client) {
    if (get().client === client) return;
    previewSeq += 1;
    set({ ...initial, client });
  },

  setForm(patch) {
    set((s) => ({ form: { ...s.form, ...patch } }));
  },

  async runPreview() {
    const { client, form } = get();
    if (!client) return;
    const built = buildImportRequest(form);
    if (!built.ok) return;
    const seq = ++previewSeq;
    set({ previewStatus: 'loading', previewError: null });
    const r = await client.call('import.preview', { ...built.request, limit: PREVIEW_LIMIT });
    if (seq !== previewSeq || get().client !== client) return;
    if (r.ok) set({ previewStatus: 'ready', preview: r.value, previewKey: built.key, previewImported: false });
    else set({ previewStatus: 'error', preview: null, previewKey: built.key, previewError: describeError(r) });
  },

  async runImport() {
    const state = get();
    const { client } = state;
    if (!client || importBlocker(state) !== null) return;
    const built = buildImportRequest(state.form);
    if (!built.ok) return;
    set({ runStatus: 'running', runError: null, result: null, progress: null });
    const r = await client.call('import.run', built.request);
    if (get().client !== client) return;
    if (r.ok) set({ runStatus: 'done', result: r.value, previewImported: true, progress: null });
    // A failed import keeps the preview valid so it can be retried without previewing again.
    else set({ runStatus: 'error', runError: describeError(r), progress: null });
  },

  applyProgress(p) {
    // Events of an import that is not ours to show (e.g. one that already answered) are ignored.
    if (get().runStatus === 'running') set({ progress: p });
  },

  reset() {
    previewSeq += 1;
    set({ ...initial });
  },
}));
