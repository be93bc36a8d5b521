// Finds a workspace scorer module by name, fingerprints its source, and compiles TypeScript to a module a worker can
// import. TypeScript is compiled here, once per distinct source, rather than in each worker: a pool of workers would
// otherwise compile the same file once each.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync, type TransformFailure } from 'esbuild';
import { writeFileAtomic } from '../fs-atomic.js';
import { sha256Hex } from '../hashing.js';
import { STATE_DIR } from '../workspace.js';

/** Where a workspace keeps its scorer modules, relative to its root. */
export const SCORERS_DIR = join('evals', 'scorers');
/** The file endings a scorer module may have, in the order they are looked up. */
export const SCORER_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts'] as const;
const TYPESCRIPT = new Set(['.ts', '.mts']);
/** A module name: a file name in evals/scorers/ without its ending (never a path, never hidden). */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A module ready for a worker to import, or why it is not. `version` is the first 12 hex of its source's sha256. */
export type LoadedScorerModule = { ok: true; url: string; version: string } | { ok: false; error: string; version?: string };

/** Compiled JavaScript by sha256 of the TypeScript source, for this process's lifetime. */
const compiled = new Map<string, string>();

function candidates(dir: string, name: string): string[] {
  const ext = extname(name);
  if ((SCORER_EXTENSIONS as readonly string[]).includes(ext) && existsSync(join(dir, name))) return [join(dir, name)];
  return SCORER_EXTENSIONS.map((e) => join(dir, `${name}${e}`)).filter((f) => existsSync(f));
}

/** esbuild's first error with its place in the file. */
function compileError(err: unknown, rel: string): string {
  const first = (err as Partial<TransformFailure>).errors?.[0];
  if (!first) return `does not compile: ${err instanceof Error ? err.message : String(err)}`;
  const at = first.location ? `${rel}:${first.location.line}:${first.location.column + 1}` : rel;
  return `does not compile: ${at}: ${first.text}`;
}

/**
 * Locates `<root>/evals/scorers/<name>.js|.mjs|.ts|.mts` and returns the URL a worker imports: the file itself for
 * JavaScript, for TypeScript the esbuild output written to the state folder (content-addressed, so concurrent runs
 * share it and an edited module gets a new file).
 */
export function loadScorerModule(root: string, name: string): LoadedScorerModule {
  if (!NAME.test(name)) return { ok: false, error: `is not a module name (letters, digits, _ . -; not a path): ${JSON.stringify(name)}` };
  const dir = join(root, SCORERS_DIR);
  const found = candidates(dir, name);
  if (found.length === 0) return { ok: false, error: `no module ${name}${SCORER_EXTENSIONS.join('|')} in ${dir}` };
  if (found.length > 1) return { ok: false, error: `more than one module is named ${name}: ${found.map((f) => f.slice(dir.length + 1)).join(', ')} (keep one)` };
  const file = found[0]!;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, error: `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
  const digest = sha256Hex(source);
  const version = digest.slice(0, 12);
  if (!TYPESCRIPT.has(extname(file))) return { ok: true, url: `${pathToFileURL(file).href}?v=${version}`, version };
  let code = compiled.get(digest);
  if (code === undefined) {
    try {
      code = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file }).code;
    } catch (err) {
      return { ok: false, error: compileError(err, join(SCORERS_DIR, file.slice(dir.length + 1))), version };
    }
    compiled.set(digest, code);
  }
  // In the workspace, so that packages the module imports resolve from the workspace's node_modules as they would
  // from evals/scorers/.
  const out = join(root, STATE_DIR, 'scorers', `${name.replace(/\.m?ts$/, '')}.${version}.mjs`);
  if (!existsSync(out)) writeFileAtomic(out, code);
  return { ok: true, url: pathToFileURL(out).href, version };
}
