import type { ParseArgsConfig } from 'node:util';

/** Where a command writes; injected so tests can capture output. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  isTty: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** One `canary-gate <name>` command: parsing and printing only; the work is done by engine functions. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  allowPositionals?: boolean;
  run(args: { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }, io: CliIo): Promise<number>;
}

/** Options every command accepts. */
export const commonOptions: OptionSpec = {
  workspace: { type: 'string', short: 'w' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};
