// Worker thread: imports workspace scorer modules and calls them, one call after the other, posting each outcome as
// soon as it is known so that the parent can time every call and, after a hang, knows which calls of the batch
// finished. It imports nothing but types, so that it starts fast.
import { parentPort, workerData } from 'node:worker_threads';
import type { CustomScorerFunction, CustomScorerModule } from '../../shared/scorers/custom-scorer-api.js';
import type { BatchMessage, ScorerWorkerData, WorkerReply } from './worker-protocol.js';

const { port } = workerData as ScorerWorkerData;
// What a scorer prints goes to stderr: the CLI's stdout may be a JSON report. (Redirected here rather than by
// capturing the worker's stdio in the parent, whose streams would keep the process alive after the last call.)
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const post = (reply: WorkerReply) => port.postMessage(reply);

type Loaded = { fn: CustomScorerFunction; threshold: unknown } | { error: string };
const modules = new Map<string, Promise<Loaded>>();

const messageOf = (err: unknown) => (err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err));

async function load(url: string): Promise<Loaded> {
  let mod: CustomScorerModule;
  try {
    mod = (await import(url)) as CustomScorerModule;
  } catch (err) {
    return { error: `could not be loaded: ${messageOf(err)}` };
  }
  const fn = typeof mod.default === 'function' ? mod.default : typeof mod.score === 'function' ? mod.score : null;
  if (!fn) return { error: 'exports no scorer function (a default export, or a function named score)' };
  const threshold: unknown = mod.threshold;
  if (threshold !== undefined && (typeof threshold !== 'number' || !Number.isFinite(threshold))) return { error: `exports a threshold that is not a finite number (a ${typeof threshold})` };
  return { fn, threshold };
}

async function run(msg: BatchMessage): Promise<void> {
  for (let index = 0; index < msg.calls.length; index++) {
    const call = msg.calls[index]!;
    let loading = modules.get(call.moduleUrl);
    if (!loading) {
      // Importing a module (and what it imports) is timed apart from its calls: see scorer-pool.ts.
      post({ kind: 'loading', batch: msg.batch, index });
      modules.set(call.moduleUrl, (loading = load(call.moduleUrl)));
      await loading;
      post({ kind: 'loaded', batch: msg.batch, index });
    }
    const loaded = await loading;
    if ('error' in loaded) {
      post({ kind: 'failed', batch: msg.batch, index, message: loaded.error });
      continue;
    }
    let result: unknown;
    try {
      result = await loaded.fn(call.input);
    } catch (err) {
      post({ kind: 'failed', batch: msg.batch, index, message: `threw ${messageOf(err)}` });
      continue;
    }
    try {
      post({ kind: 'result', batch: msg.batch, index, result, threshold: loaded.threshold });
    } catch (err) {
      // A function, a symbol, a class instance with private state…: not data, and not a result.
      post({ kind: 'failed', batch: msg.batch, index, message: `returned a value that is not plain data (${messageOf(err)}); expected true/false, a number, or { pass?, score?, reason? }` });
    }
  }
}

// Batches arrive one at a time (the parent sends the next when this one is done), but chain them anyway.
let queue = Promise.resolve();
parentPort!.on('message', (msg: BatchMessage) => {
  queue = queue.then(() => run(msg));
});
post({ kind: 'ready' });
