import type { ChatRequest } from '../../shared/domain/capture.js';
import type { ModelBehaviour, SimBehaviours, ToolCallRule } from './behaviours.js';
import type { Conversation } from './conversation.js';
import { chance, type Rng } from './prng.js';

/** A function call the simulated model makes instead of answering. */
export interface SimToolCall {
  id: string;
  name: string;
  /** JSON text, as Chat Completions carries arguments. */
  arguments: string;
}

/** What the model does about the tools it is offered on this request. */
export type ToolDecision =
  | { kind: 'call'; call: SimToolCall; deviation: 'tool_argument_error' | null }
  | { kind: 'skip' }
  | { kind: 'none' };

function offeredToolNames(request: ChatRequest): Set<string> {
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    const t = tool as { name?: unknown; function?: { name?: unknown } } | null;
    const name = t?.function?.name ?? t?.name;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

/** A value the way a careless model garbles it: the bare number of an id, or a changed case. */
function garble(value: string): string {
  const digits = value.replace(/\D+/g, '');
  if (digits.length > 0 && digits !== value) return digits;
  return value.toLowerCase() !== value ? value.toLowerCase() : value.toUpperCase() !== value ? value.toUpperCase() : `${value}-0`;
}

function argumentsOf(rule: ToolCallRule, userText: string): Record<string, string> | null {
  const args: Record<string, string> = {};
  for (const { name, pattern } of rule.arguments) {
    const m = pattern.exec(userText);
    if (!m) return null;
    args[name] = m[0];
  }
  return args;
}

/**
 * Decides whether the model calls a tool: only when the user just spoke (no tool result to read yet), the
 * request offers a tool of the behaviours file's `tool_calls`, and the user's message carries every argument.
 * The model may skip the call (`tool_call_skipped`) or garble an argument (`tool_argument_error`).
 */
export function decideToolCall(request: ChatRequest, conversation: Conversation, behaviours: SimBehaviours, model: ModelBehaviour, rng: Rng, requestHash: string): ToolDecision {
  if (request.messages.at(-1)?.role !== 'user' || conversation.pendingToolResults.length > 0) return { kind: 'none' };
  const offered = offeredToolNames(request);
  for (const rule of behaviours.toolCalls) {
    if (!offered.has(rule.tool)) continue;
    const args = argumentsOf(rule, conversation.lastUserText);
    if (!args) continue;
    if (chance(rng, model.rates.tool_call_skipped)) return { kind: 'skip' };
    const garbled = chance(rng, model.rates.tool_argument_error);
    const finalArgs = garbled ? Object.fromEntries(Object.entries(args).map(([k, v]) => [k, garble(v)])) : args;
    return { kind: 'call', call: { id: `call_sim_${requestHash.slice(0, 20)}`, name: rule.tool, arguments: JSON.stringify(finalArgs) }, deviation: garbled ? 'tool_argument_error' : null };
  }
  return { kind: 'none' };
}
