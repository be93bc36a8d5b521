import type { ServerResponse } from 'node:http';
import { breakConnection, pause } from './http-io.js';
import type { TimedEvent } from './sim-dialect.js';

/** How to pace a stream. */
export interface PacedWriteOptions {
  /** Multiplies each event's time; 0 writes everything at once. */
  timeScale: number;
  /** Aborts when the server closes. */
  signal: AbortSignal;
  /** Breaks the connection after this many events instead of finishing the response. */
  breakAfter?: number;
}

/** Writes timed SSE events on an open response, then ends it (or breaks the connection, for a broken-stream fault). */
export async function writePaced(res: ServerResponse, events: readonly TimedEvent[], opts: PacedWriteOptions): Promise<void> {
  const start = performance.now();
  const limit = opts.breakAfter ?? events.length;
  for (let i = 0; i < limit && i < events.length; i++) {
    const event = events[i] as TimedEvent;
    // Times are measured from the start, so slow writes or timer jitter do not accumulate along the stream.
    if (opts.timeScale > 0 && !(await pause(start + event.atMs * opts.timeScale - performance.now(), opts.signal))) return;
    // The client went away: there is nobody left to stream to.
    if (res.destroyed) return;
    res.write(event.data);
  }
  if (opts.breakAfter !== undefined) breakConnection(res);
  else res.end();
}

/** How many events a broken stream sends: everything up to and including half of the content events. */
export function brokenStreamLength(events: readonly TimedEvent[]): number {
  const contentTotal = events.filter((e) => e.content).length;
  const keep = Math.ceil(contentTotal / 2);
  let seen = 0;
  for (let i = 0; i < events.length; i++) {
    if (events[i]?.content) seen++;
    if (seen === keep) return i + 1;
  }
  return 1;
}
