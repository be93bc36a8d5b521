import { afterEach } from 'vitest';
import { startSimServer, type SimServer } from '../engine/sim/http-server.js';

/** For tests: a `start` that launches sim servers (timeScale 0 unless given) and closes them after each test. */
export function useSimServers(): (opts?: Parameters<typeof startSimServer>[0]) => Promise<SimServer> {
  const servers: SimServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });
  return async (opts = {}) => {
    const s = await startSimServer({ timeScale: 0, ...opts });
    servers.push(s);
    return s;
  };
}
