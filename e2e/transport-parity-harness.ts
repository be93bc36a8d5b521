// The shared half of the transport-parity tests: one handler context served over HTTP, the renderer's own
// HttpClient on it, and a table of calls that must answer the same in-process and over the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Method } from '../shared/contract/index.js';
import { HttpClient } from '../renderer/src/api/http-client.js';
import { dispatch } from '../engine/api/dispatch.js';
import type { HandlerContext } from '../engine/api/handlers.js';
import { startHttpServer, type HttpServerHandle } from '../engine/api/http-server.js';

/** One row of a parity table: the input is a thunk because the ids it names exist only once `beforeAll` ran. */
export interface ParityCall {
  name: string;
  method: string;
  input: () => unknown;
  expectOk: boolean;
}

/** What a test file opens for its server: a handler context, and how to close it once the server has stopped. */
export interface ParityFixture {
  ctx: HandlerContext;
  close(): void | Promise<void>;
}

/** Both transports over one context; filled in by `beforeAll`, so read its fields inside tests only. */
export interface ParityTransports<F extends ParityFixture> {
  fixture: F;
  ctx: HandlerContext;
  client: HttpClient;
}

/**
 * Registers `beforeAll`/`afterAll` in the calling scope: opens the fixture, serves its context on a free port
 * with an empty static folder, and builds the renderer's HttpClient on it; `ready` then runs with both transports
 * (e.g. to write data through each). Afterwards stops the server, then closes the fixture and removes the folder.
 */
export function serveForParity<F extends ParityFixture>(
  tempPrefix: string,
  open: () => F | Promise<F>,
  ready?: (t: ParityTransports<F>) => void | Promise<void>,
): ParityTransports<F> {
  const transports = {} as ParityTransports<F>;
  let server: HttpServerHandle | undefined;
  let staticDir: string | undefined;
  beforeAll(async () => {
    transports.fixture = await open();
    transports.ctx = transports.fixture.ctx;
    staticDir = mkdtempSync(join(tmpdir(), tempPrefix));
    server = await startHttpServer({ ctx: transports.ctx, staticDir, port: 0 });
    transports.client = new HttpClient({ baseUrl: server.url, token: server.token });
    await ready?.(transports);
  });
  afterAll(async () => {
    await server?.close();
    await transports.fixture?.close();
    if (staticDir) rmSync(staticDir, { recursive: true, force: true });
  });
  return transports;
}

/** One test per row: the answer over HTTP equals the in-process dispatch, and is ok exactly when the row expects. */
export function itAnswersAlike(calls: readonly ParityCall[], transports: ParityTransports<ParityFixture>): void {
  it.each(calls)('$name', async ({ method, input, expectOk }) => {
    const direct = await dispatch(method, input(), transports.ctx);
    const overHttp = await transports.client.call(method as Method, input() as never);
    expect(overHttp).toEqual(direct);
    expect(direct.ok).toBe(expectOk);
  });
}
