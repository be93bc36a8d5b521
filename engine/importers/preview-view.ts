import type { ChatMessage, TrafficSample } from '../../shared/domain/capture.js';
import type { PreviewSample } from '../../shared/domain/import.js';

function textOf(m: ChatMessage): string {
  const content = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => p.text ?? '').join('') : '';
  const calls = (m.tool_calls ?? []).map((t) => `→ ${t.function.name}(${t.function.arguments})`).join(' ');
  return [content, calls].filter(Boolean).join(' ');
}

/** A stored-form sample reduced to what a person checks in an import preview. */
export function previewSample(s: TrafficSample): PreviewSample {
  const answer = s.response?.choices[0]?.message;
  return {
    id: s.id,
    timestamp: s.timestamp,
    slice: s.metadata.slice ?? null,
    model: s.request.model,
    messages: s.request.messages.map((m) => ({ role: m.role, text: textOf(m) })),
    response: answer ? textOf(answer) : null,
  };
}
