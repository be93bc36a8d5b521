import type { ChatMessage, ContextDocument } from '../../shared/domain/capture.js';
import type { RecordedToolResult } from '../../shared/domain/suite.js';

/** The text of a message's content: a string, or the text parts of a list. */
function contentText(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n');
}

/**
 * Everything a case gave the model, as one text: its messages (and the tool calls they carry), its context documents
 * and its recorded tool results. The pii_leak scorer counts what occurs here as supplied, not leaked.
 */
export function inputTextOf(messages: readonly ChatMessage[], documents: readonly ContextDocument[], toolResults: readonly RecordedToolResult[]): string {
  const parts: string[] = [];
  for (const m of messages) {
    parts.push(contentText(m.content));
    for (const t of m.tool_calls ?? []) parts.push(t.function.arguments);
  }
  for (const d of documents) parts.push(d.title ?? '', d.text);
  for (const r of toolResults) parts.push(r.arguments, r.content);
  return parts.filter((p) => p !== '').join('\n');
}
