import type { Method, MethodOutput, MethodParsedInput } from '../../shared/contract/index.js';
import { importIntoWorkspace } from '../importers/import-into-workspace.js';
import { previewSample } from '../importers/preview-view.js';
import { getRun, listRuns } from '../runs/run-views.js';
import type { Store } from '../store/index.js';
import { toolVersion } from '../version.js';
import type { Workspace } from '../workspace.js';
import type { EventBus } from './events.js';

/** What every handler may use: the open workspace, its store and the event bus. */
export interface HandlerContext {
  workspace: Workspace;
  store: Store;
  events: EventBus;
}

export type Handlers = { [M in Method]: (input: MethodParsedInput<M>, ctx: HandlerContext) => Promise<MethodOutput<M>> | MethodOutput<M> };

/** One handler per contract method; a missing one is a compile error. */
export const handlers: Handlers = {
  'workspace.info': (_input, ctx) => ({ root: ctx.workspace.root, database: ctx.workspace.databaseFile, version: toolVersion() }),
  'runs.list': (input, ctx) => listRuns(ctx.store, input.limit, input.offset),
  'runs.get': (input, ctx) => getRun(ctx.store, input.runId),
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
