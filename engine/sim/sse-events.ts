import { SseParser } from '../providers/sse.js';

/** One server-sent event: its `event:` name, if any, and its (joined) `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Parses the complete server-sent events of a whole stream text with the client's own parser. */
export function parseSseEvents(text: string): SseEvent[] {
  return new SseParser().feed(text).map((e) => (e.event === null ? { data: e.data } : { event: e.event, data: e.data }));
}
