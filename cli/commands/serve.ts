import { join } from 'node:path';
import { startHttpServer, type HttpServerHandle } from '../../engine/api/http-server.js';
import { serveToken } from '../../engine/api/serve-token.js';
import { InputError } from '../../engine/errors.js';
import { packageRoot } from '../../engine/package-root.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

/** The port `serve` tries first when --port is not given. */
export const DEFAULT_SERVE_PORT = 4873;

/** `canary-gate serve`: the desktop UI in a browser, on 127.0.0.1 with the workspace's token. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serve the workbench UI in a browser (127.0.0.1 only; the token is kept in .canary-gate/serve-token, --new-token replaces it)',
  usage: `serve [--port <n> (default ${DEFAULT_SERVE_PORT}, or a free one when it is taken)] [--new-token] [--workspace <dir>]`,
  options: { port: { type: 'string' }, 'new-token': { type: 'boolean', default: false } },
  async run({ values }, io) {
    const explicitPort = values.port !== undefined;
    const port = explicitPort ? Number(values.port) : DEFAULT_SERVE_PORT;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.err(`canary-gate serve: --port: expected a port number 0-65535, got "${String(values.port)}"`);
      return EXIT.badInput;
    }
    const ctx = openContext(values, io);
    const staticDir = join(packageRoot(), 'dist', 'renderer');
    let server: HttpServerHandle;
    try {
      const { token } = serveToken(ctx.workspace, Boolean(values['new-token']));
      const listen = (p: number) => startHttpServer({ ctx, staticDir, port: p, token });
      try {
        server = await listen(port);
      } catch (err) {
        // Without --port, a taken default is no reason to stop: any free port will do, and the link says which.
        if (explicitPort || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
        server = await listen(0);
        io.err(`Port ${port} on 127.0.0.1 is in use; serving on port ${server.port} instead.`);
      }
    } catch (err) {
      ctx.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new InputError(`port ${port} on 127.0.0.1 is already in use; pass another with --port <n> (0 picks a free one)`, { field: '--port' });
      if (code === 'EACCES') throw new InputError(`not allowed to listen on port ${port}; pass a port above 1023 with --port <n>`, { field: '--port' });
      throw err;
    }
    const link = `${server.url}/?token=${server.token}`;
    if (values.json) io.out(JSON.stringify({ url: server.url, port: server.port, token: server.token, link }));
    else io.out(`Canary Gate UI (workspace ${ctx.workspace.root}):\n  ${link}\nPress Ctrl-C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    // Closing the server also ends replays started from the UI cleanly (engine services): what was answered is
    // kept and each run can be resumed.
    await server.close();
    ctx.close();
    return EXIT.ok;
  },
};
