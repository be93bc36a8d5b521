import type { ChatMessage } from '../../shared/domain/capture.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { Target } from '../../shared/domain/target.js';

/**
 * The request body a target sends for a case: the case's conversation and recorded params, with the
 * target's frozen change applied on top (model, system prompt override, tool policy, params).
 */
export function buildChatRequest(evalCase: EvalCase, target: Target): Record<string, unknown> {
  let messages: ChatMessage[] = evalCase.input.messages;
  if (target.system_prompt !== undefined) {
    const first = messages[0];
    const rest = first && (first.role === 'system' || first.role === 'developer') ? messages.slice(1) : messages;
    messages = [{ role: 'system', content: target.system_prompt }, ...rest];
  }
  const body: Record<string, unknown> = { ...(evalCase.input.params ?? {}), ...target.params, model: target.model, messages };
  if (target.tool_policy === 'as-recorded' && evalCase.input.tools?.length) body.tools = evalCase.input.tools;
  else delete body.tools;
  delete body.stream;
  return body;
}
