/** One message of a stored sample as the detail view shows it. */
export interface ViewMessage {
  role: string;
  text: string;
  toolCalls: { name: string; arguments: string }[];
  toolCallId: string | null;
}

export interface SampleView {
  model: string;
  messages: ViewMessage[];
  response: ViewMessage | null;
  finishReason: string | null;
  documents: { id: string; title: string | null; text: string }[];
  facts: { label: string; value: string }[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (isRecord(p) ? (str(p.text) ?? `[${str(p.type) ?? 'part'}]`) : '')).join('');
  return '';
}

function message(m: unknown): ViewMessage {
  const r = isRecord(m) ? m : {};
  const calls = Array.isArray(r.tool_calls) ? r.tool_calls : [];
  return {
    role: str(r.role) ?? 'unknown',
    text: contentText(r.content),
    toolCalls: calls.map((c) => {
      const fn = isRecord(c) && isRecord(c.function) ? c.function : {};
      return { name: str(fn.name) ?? '?', arguments: str(fn.arguments) ?? '' };
    }),
    toolCallId: str(r.tool_call_id),
  };
}

/**
 * A stored sample (the canonical capture shape, as JSON) read defensively for display: whatever a field holds,
 * the view shows what it can and never throws.
 */
export function sampleView(sample: Record<string, unknown>): SampleView {
  const request = isRecord(sample.request) ? sample.request : {};
  const response = isRecord(sample.response) ? sample.response : null;
  const choice = response && Array.isArray(response.choices) && isRecord(response.choices[0]) ? response.choices[0] : null;
  const context = isRecord(sample.context) ? sample.context : {};
  const docs = Array.isArray(context.documents) ? context.documents : [];
  const usage = response && isRecord(response.usage) ? response.usage : null;
  const metadata = isRecord(sample.metadata) ? sample.metadata : {};
  const facts: { label: string; value: string }[] = [];
  if (typeof sample.latency_ms === 'number') facts.push({ label: 'Latency', value: `${Math.round(sample.latency_ms).toLocaleString('en-US')} ms` });
  if (typeof sample.cost_usd === 'number') facts.push({ label: 'Cost', value: `$${sample.cost_usd.toFixed(5)}` });
  if (usage && typeof usage.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number') facts.push({ label: 'Tokens', value: `${usage.prompt_tokens} in · ${usage.completion_tokens} out` });
  for (const key of ['route', 'session_id', 'user_id']) {
    const v = str(metadata[key]);
    if (v) facts.push({ label: key.replace('_', ' '), value: v });
  }
  return {
    model: str(request.model) ?? 'unknown',
    messages: (Array.isArray(request.messages) ? request.messages : []).map(message),
    response: choice ? message(choice.message) : null,
    finishReason: choice ? str(choice.finish_reason) : null,
    documents: docs.filter(isRecord).map((d) => ({ id: str(d.id) ?? '?', title: str(d.title), text: str(d.text) ?? '' })),
    facts,
  };
}
