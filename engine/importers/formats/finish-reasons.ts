// Finish reasons in the Chat Completions vocabulary (stop, length, tool_calls, content_filter), whatever the source
// called them: Anthropic stop reasons, OTel GenAI's singular tool_call, Gemini's upper-case names.
const chatFinishReasons = new Map<string, string>([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['max_output_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['tool_call', 'tool_calls'],
  ['function_call', 'tool_calls'],
  ['refusal', 'content_filter'],
  ['safety', 'content_filter'],
]);

/** The chat finish reason for a source's reason; unknown reasons are kept as they came (lower-cased). */
export function chatFinishReason(reason: string): string {
  const lower = reason.toLowerCase();
  return chatFinishReasons.get(lower) ?? lower;
}
