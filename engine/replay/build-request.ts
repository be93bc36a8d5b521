import type { ChatMessage } from '../../shared/domain/capture.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { Target } from '../../shared/domain/target.js';

/**
 * The request body a target sends for a case: the case's conversation and recorded params, with the
 * target's frozen change applied on top (model, system prompt override, tool policy, params).
 */
export function buildChatRequest(evalCase: EvalCase, target: Target): Record<string, unknown> {
  let messages: ChatMessage[] = evalCase.input.messages;
  if (target.prompt_template !== undefined) messages = applyPromptTemplate(messages, target.prompt_template);
  if (target.system_prompt !== undefined) {
    const first = messages[0];
    const rest = first && (first.role === 'system' || first.role === 'developer') ? messages.slice(1) : messages;
    messages = [{ role: 'system', content: target.system_prompt }, ...rest];
  }
  const body: Record<string, unknown> = { ...(evalCase.input.params ?? {}), ...target.params, model: target.model, messages };
  if (target.tool_policy === 'as-recorded' && evalCase.input.tools?.length) body.tools = evalCase.input.tools;
  else if (target.tool_policy === 'replace' && target.tools?.length) body.tools = target.tools;
  else delete body.tools;
  delete body.stream;
  return body;
}

/** The user's last message put into the target's template (`{{message}}` is its text); earlier turns are left as captured. */
function applyPromptTemplate(messages: ChatMessage[], template: string): ChatMessage[] {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== 'user') last--;
  if (last < 0) return messages;
  const m = messages[last]!;
  const text = typeof m.content === 'string' ? m.content : Array.isArray(m.content) ? m.content.map((p) => p.text ?? '').join('') : '';
  // split/join rather than replace, so a `$` in the captured text is never read as a replacement pattern.
  const content = template.split('{{message}}').join(text);
  return [...messages.slice(0, last), { ...m, content }, ...messages.slice(last + 1)];
}
