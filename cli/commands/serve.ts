import { join } from 'node:path';
import { startHttpServer } from '../../engine/api/http-server.js';
import { InputError } from '../../engine/errors.js';
import { packageRoot } from '../../engine/package-root.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** `canary-gate serve`: the desktop UI in a browser, on 127.0.0.1 with a per-launch token. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the workbench UI in a browser (127.0.0.1 only, per-launch token)',
  usage: 'serve [--port <n>] [--workspace <dir>]',
  options: { port: { type: 'string', default: '4873' } },
  async run({ values }, io) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`canary-gate serve: --port: expected a port number 0-65535, got "${String(values.port)}"`);
      return EXIT.badInput;
    }
    const ctx = openContext(values, io);
    let server;
    try {
      server = await startHttpServer({ ctx, staticDir: join(packageRoot(), 'dist', 'renderer'), port });
    } catch (err) {
      ctx.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new InputError(`port ${port} on 127.0.0.1 is already in use; pass another with --port <n> (0 picks a free one)`, { field: '--port' });
      if (code === 'EACCES') throw new InputError(`not allowed to listen on port ${port}; pass a port above 1023 with --port <n>`, { field: '--port' });
      throw err;
    }
    const link = `${server.url}/?token=${server.token}`;
    if (values.json) io.out(JSON.stringify({ url: server.url, token: server.token, link }));
    else io.out(`Canary Gate UI (workspace ${ctx.workspace.root}):\n  ${link}\nPress Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    ctx.close();
    return EXIT.ok;
  },
};
