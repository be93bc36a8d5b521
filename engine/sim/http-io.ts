import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** The largest request body the sim reads. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Headers of every JSON response. */
export const COMMON_HEADERS = { 'content-type': 'application/json', 'x-canary-gate-simulated': 'true' } as const;
/** Headers of every event stream. */
export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-canary-gate-simulated': 'true' } as const;

/** The body exceeded MAX_BODY_BYTES. */
export class BodyTooLarge extends Error {}

/** Reads a request body as UTF-8, rejecting with BodyTooLarge past MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      // Keep draining past the limit so the client still receives the 413 instead of a reset.
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

/** Sends a complete JSON response. */
export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...COMMON_HEADERS, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Sends a 200 whose declared and delivered body is the first half of the JSON: a well-framed but unparseable answer. */
export function sendTruncated(res: ServerResponse, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  const half = payload.slice(0, Math.floor(payload.length / 2));
  res.writeHead(200, { ...COMMON_HEADERS, 'content-length': Buffer.byteLength(half), ...headers });
  res.end(half);
}

/**
 * Closes the connection under a response without finishing it. Ending the socket (rather than destroying it
 * at once) first flushes what was already written, so the client reliably sees the headers and any events
 * before the connection goes away — the fault is "cut after X", not a race.
 */
export function breakConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  socket.end(() => socket.destroy());
}

/** Sleeps unless the signal aborts; false when it aborted. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return !signal.aborted;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Sends a complete JSON Lines body (a file's content, a batch's results). */
export function sendJsonl(res: ServerResponse, lines: readonly unknown[], contentType = 'application/jsonl'): void {
  const payload = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
  res.writeHead(200, { 'content-type': contentType, 'x-canary-gate-simulated': 'true', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}

/** Sends a stored text file as it is. */
export function sendText(res: ServerResponse, text: string, contentType: string): void {
  res.writeHead(200, { 'content-type': contentType, 'x-canary-gate-simulated': 'true', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
