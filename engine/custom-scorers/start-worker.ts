// Starts a worker thread from a TypeScript module of this repository, compiled or not.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker whose source is `<name>.ts` beside `baseUrl` (a module's import.meta.url). From dist/ that is the
 * compiled `<name>.js`. From TypeScript sources (vitest) there is no such file, and a worker thread does not inherit
 * the test runner's transform: the worker then registers tsx (a dev dependency, present wherever sources run) before
 * importing the .ts file. Other workers of the engine fall back to running inline from sources; a scorer worker
 * cannot, because its whole point is the isolation (time and memory limits, no environment).
 */
export function startWorker(baseUrl: string, name: string, options: WorkerOptions): Worker {
  const compiled = new URL(`./${name}.js`, baseUrl);
  if (existsSync(fileURLToPath(compiled))) return new Worker(compiled, options);
  const source = new URL(`./${name}.ts`, baseUrl).href;
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
