/** The value of --workspace <dir> or --workspace=<dir> in argv, or undefined when absent or empty. */
export function workspaceArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--workspace') return argv[i + 1] || undefined;
    if (arg.startsWith('--workspace=')) return arg.slice('--workspace='.length) || undefined;
  }
  return undefined;
}
