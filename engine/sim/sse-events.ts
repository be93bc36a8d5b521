/** One server-sent event: its `event:` name, if any, and its (joined) `data:` lines. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** Parses complete server-sent events out of stream text; an unterminated trailing event is left out. */
export function parseSseEvents(text: string): SseEvent[] {
  const events: SseEvent[] = [];
  // Only blocks followed by a blank line are complete; the last split element is whatever came after it.
  const blocks = text.replace(/\r\n/g, '\n').split('\n\n').slice(0, -1);
  for (const block of blocks) {
    const data: string[] = [];
    let event: string | undefined;
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      else if (line.startsWith('event:')) event = line.slice(6).trim();
    }
    if (data.length > 0) events.push(event === undefined ? { data: data.join('\n') } : { event, data: data.join('\n') });
  }
  return events;
}
