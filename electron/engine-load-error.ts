/**
 * What the window says when the engine's code cannot even load. The usual cause is better-sqlite3 built for
 * Node rather than for Electron (a different NODE_MODULE_VERSION): name the fix instead of the loader's words alone.
 */
export function describeEngineLoadError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version|better[-_]sqlite3/i.test(message)) {
    return `${message}\n\nbetter-sqlite3 is not built for this Electron: run \`npx @electron/rebuild -f -w better-sqlite3\` in the app's folder, then start it again.`;
  }
  return `the engine could not load: ${message}`;
}
