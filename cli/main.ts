#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { SchemaError } from '../engine/store/index.js';
import { InfraError, InputError, NotFoundError } from '../engine/errors.js';
import { scrubSecrets } from '../engine/secrets.js';
import { SigningInputError } from '../engine/signing/errors.js';
import { toolVersion } from '../engine/version.js';
import { commonOptions, type CliIo, type Command } from './command.js';
import { commands } from './commands/index.js';
import { EXIT } from './exit-codes.js';
import { printable } from './printable.js';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `canary-gate ${toolVersion()} — ship LLM model changes safely`,
    '',
    'Usage: canary-gate <command> [options]   (every command takes --json and --workspace <dir>)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 success / PASS, 1 FAIL or verification failed, 2 bad input, 3 INCONCLUSIVE, 4 infrastructure error.',
    "Run 'canary-gate <command> --help' for a command's options.",
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  const opts = Object.entries({ ...cmd.options, ...commonOptions }).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    return `  ${short}--${name}${o.type === 'string' ? ' <value>' : ''}${o.default !== undefined && o.type === 'string' ? `  (default ${String(o.default)})` : ''}`;
  });
  return [`Usage: canary-gate ${cmd.usage}`, '', cmd.summary, '', 'Options:', ...opts].join('\n');
}

/** Runs the CLI with the given arguments; returns the exit code. */
export async function main(argv: readonly string[], rawIo: CliIo): Promise<number> {
  // Every line printed goes through the scrubber: a key the process read never reaches the terminal or a CI log.
  // And control characters from input (a file name with ESC or CR) are shown escaped, never sent to the terminal.
  const io: CliIo = { ...rawIo, out: (t) => rawIo.out(printable(scrubSecrets(t), { keepLines: true })), err: (t) => rawIo.err(printable(scrubSecrets(t), { keepLines: true })) };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name ? EXIT.ok : EXIT.badInput;
  }
  if (name === '--version' || name === '-v') {
    io.out(toolVersion());
    return EXIT.ok;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    io.err(`canary-gate: unknown command "${name}"\n\n${helpText()}`);
    return EXIT.badInput;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...commonOptions, ...cmd.options }, allowPositionals: cmd.allowPositionals ?? false, strict: true });
  } catch (err) {
    io.err(`canary-gate ${cmd.name}: ${(err as Error).message}\n\n${commandHelp(cmd)}`);
    return EXIT.badInput;
  }
  if (parsed.values.help) {
    io.out(commandHelp(cmd));
    return EXIT.ok;
  }
  try {
    return await cmd.run(parsed as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }, io);
  } catch (err) {
    if (err instanceof InputError) {
      io.err(`canary-gate ${cmd.name}: ${err.describe()}`);
      return EXIT.badInput;
    }
    if (err instanceof NotFoundError || err instanceof SchemaError || err instanceof SigningInputError) {
      io.err(`canary-gate ${cmd.name}: ${err.message}`);
      return EXIT.badInput;
    }
    if (err instanceof InfraError || (err as { code?: string }).code === 'SQLITE_BUSY') {
      io.err(`canary-gate ${cmd.name}: infrastructure error: ${(err as Error).message}`);
      return EXIT.infra;
    }
    io.err(`canary-gate ${cmd.name}: unexpected error: ${(err as Error).stack ?? String(err)}`);
    return EXIT.infra;
  }
}
