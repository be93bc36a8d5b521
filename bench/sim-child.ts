// Runs the simulated endpoint in its own process so a benchmark's client and server do not share one thread.
import { startSimServer } from '../engine/sim/index.js';

const server = await startSimServer({ port: 0, timeScale: Number(process.env.SIM_TIME_SCALE ?? '0') });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
