import { importIntoWorkspace } from '../../importers/import-into-workspace.js';
import { previewSample } from '../../importers/preview-view.js';
import type { HandlerGroup } from '../handler-context.js';

/** Import: the dry-run preview and the real import, with progress events. */
export const importHandlers: HandlerGroup<'import.preview' | 'import.run'> = {
  'import.preview': async (input, ctx) => {
    const { limit, ...req } = input;
    const s = await importIntoWorkspace(ctx.workspace, ctx.store, { ...req, preview: limit });
    return {
      files: s.files,
      samples: (s.preview ?? []).map(previewSample),
      redacted: s.redacted,
      redactions: s.redactions,
      rejects: s.rejects.slice(0, 50),
      file_errors: s.file_errors,
    };
  },
  'import.run': async (input, ctx) => {
    const { preview: _preview, ...s } = await importIntoWorkspace(ctx.workspace, ctx.store, {
      ...input,
      onProgress: (p) => ctx.events.emit('import.progress', p),
    });
    return { ...s, rejects: s.rejects.slice(0, 50) };
  },
};
