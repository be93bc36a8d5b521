import { initWorkspace } from '../../engine/workspace.js';
import type { Command } from '../command.js';
import { workspaceDir } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** `canary-gate init`: make the folder a workspace. */
export const initCommand: Command = {
  name: 'init',
  summary: 'Make the current folder (or --workspace) a canary-gate workspace',
  usage: 'init [--workspace <dir>]',
  options: {},
  async run({ values }, io) {
    const { root, created } = initWorkspace(workspaceDir(values, io));
    if (values.json) io.out(JSON.stringify({ root, created }));
    else io.out(created.length ? `Initialised workspace ${root}:\n${created.map((f) => `  + ${f}`).join('\n')}` : `${root} is already a workspace; nothing to do.`);
    return EXIT.ok;
  },
};
