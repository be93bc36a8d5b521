import { canonicalJson } from '../../shared/canonical-json.js';
import type { ChatMessage } from '../../shared/domain/capture.js';
import type { EvalCase, RecordedToolResult } from '../../shared/domain/suite.js';
import type { Price } from '../../shared/domain/target.js';
import type { ProviderCompletion } from '../providers/provider.js';
import type { NewResult } from '../store/index.js';
import { completedResult, type Task } from './run-tasks.js';

/** How many times one case may go model → tool → model before replay gives up on it. */
export const MAX_TOOL_ROUNDS = 8;

/** A tool call the replay could not answer without inventing a tool result: the case's outcome for that arm. */
export interface UnreplayableToolCall {
  name: string;
  arguments: string;
  /** 0 = the model's first answer; n = after n rounds of answered tool calls. */
  round: number;
  reason: 'no_recorded_result' | 'too_many_rounds';
}

/** What replay does after a completion: store it, send the next request, or stop at an unanswerable call. */
export type ToolStep =
  | { kind: 'final' }
  | { kind: 'continue'; body: Record<string, unknown>; answered: number }
  | { kind: 'unreplayable'; call: UnreplayableToolCall };

/** Arguments compared by meaning: parsed JSON in canonical form, or the trimmed text when it is not JSON. */
export function normaliseToolArguments(args: string): string {
  try {
    return canonicalJson(JSON.parse(args));
  } catch {
    return args.trim();
  }
}

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string' ? content : Array.isArray(content) ? content.map((p) => p.text ?? '').join('') : '';

/** Every tool call of a conversation paired with the tool message that answered it. */
function answeredCalls(messages: readonly ChatMessage[]): RecordedToolResult[] {
  const results: RecordedToolResult[] = [];
  const pending = new Map<string, { name: string; arguments: string }>();
  for (const m of messages) {
    if (m.role === 'assistant') for (const call of m.tool_calls ?? []) pending.set(call.id, { name: call.function.name, arguments: call.function.arguments });
    if (m.role === 'tool' && m.tool_call_id !== undefined) {
      const call = pending.get(m.tool_call_id);
      if (call) results.push({ ...call, content: textOf(m.content) });
    }
  }
  return results;
}

/**
 * Splits a captured conversation for tool replay. When everything after the last user message is the tool
 * exchange the application ran (assistant tool calls and their results), the case starts at the user's
 * message, so the replayed model must decide the calls itself; every recorded call with its result becomes
 * the answer book for the model's calls.
 */
export function splitRecordedToolExchange(messages: readonly ChatMessage[]): { messages: ChatMessage[]; toolResults: RecordedToolResult[] } {
  const toolResults = answeredCalls(messages);
  let lastUser = messages.length - 1;
  while (lastUser >= 0 && messages[lastUser]!.role !== 'user') lastUser--;
  const tail = messages.slice(lastUser + 1);
  const tailIsToolExchange =
    lastUser >= 0 && tail.length > 0 && tail.some((m) => m.role === 'tool') && tail.every((m) => m.role === 'tool' || (m.role === 'assistant' && (m.tool_calls?.length ?? 0) > 0));
  return { messages: tailIsToolExchange ? messages.slice(0, lastUser + 1) : [...messages], toolResults };
}

/** The recorded result of a call: same tool, arguments equal after normalisation. */
export function findRecorded(results: readonly RecordedToolResult[], name: string, args: string): RecordedToolResult | undefined {
  const wanted = normaliseToolArguments(args);
  return results.find((r) => r.name === name && normaliseToolArguments(r.arguments) === wanted);
}

/**
 * Decides what follows a model's completion in a replayed conversation. Tool calls that all match recorded
 * results are answered with them and the conversation continues; a call that matches none ends the case as an
 * unreplayable tool call (a tool result is never invented) — unless the captured production response was itself
 * a tool call, where the model's calls are its answer and are scored as such.
 */
export function nextToolStep(evalCase: EvalCase, body: Record<string, unknown>, completion: ProviderCompletion, round: number): ToolStep {
  const calls = completion.toolCalls;
  if (calls.length === 0) return { kind: 'final' };
  const recorded = evalCase.input.tool_results ?? [];
  const toolMessages: ChatMessage[] = [];
  for (const [i, call] of calls.entries()) {
    const hit = findRecorded(recorded, call.name, call.arguments);
    if (!hit) {
      if ((evalCase.recorded?.tool_calls.length ?? 0) > 0) return { kind: 'final' };
      return { kind: 'unreplayable', call: { name: call.name, arguments: call.arguments, round, reason: 'no_recorded_result' } };
    }
    toolMessages.push({ role: 'tool', tool_call_id: call.id || `call_${round}_${i}`, content: hit.content });
  }
  if (round + 1 >= MAX_TOOL_ROUNDS) {
    const last = calls[0]!;
    return { kind: 'unreplayable', call: { name: last.name, arguments: last.arguments, round, reason: 'too_many_rounds' } };
  }
  const assistant: ChatMessage = {
    role: 'assistant',
    content: completion.text.length > 0 ? completion.text : null,
    tool_calls: calls.map((c, i) => ({ id: c.id || `call_${round}_${i}`, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })),
  };
  const messages = [...(body.messages as ChatMessage[]), assistant, ...toolMessages];
  return { kind: 'continue', body: { ...body, messages }, answered: calls.length };
}
/**
 * One stored answer from the rounds of a tool conversation: the last round's answer, with the tokens, cost and
 * latency of every round (what the whole exchange took and cost, tool execution excluded).
 */
function combineRounds(rounds: readonly ProviderCompletion[]): ProviderCompletion & { toolRounds: number } {
  const last = rounds.at(-1)!;
  if (rounds.length === 1) return { ...last, toolRounds: 0 };
  const sum = (pick: (c: ProviderCompletion) => number | null) => rounds.reduce<number | null>((acc, c) => (acc === null || pick(c) === null ? null : acc + pick(c)!), 0);
  // Untimed rounds (answered inside a provider batch) leave the whole exchange untimed.
  const latency = sum((c) => c.latencyMs);
  return {
    ...last,
    promptTokens: sum((c) => c.promptTokens),
    completionTokens: sum((c) => c.completionTokens),
    cachedPromptTokens: sum((c) => c.cachedPromptTokens ?? 0),
    latencyMs: latency,
    ttftMs: latency === null || last.ttftMs === null ? null : latency - last.latencyMs! + last.ttftMs,
    toolRounds: rounds.length - 1,
  };
}


/** How a replayed conversation ended: its combined answer, and the call it stopped at if it could not go on. */
export interface EndedConversation {
  completion: ProviderCompletion & { toolRounds: number };
  unreplayable: UnreplayableToolCall | null;
  /** Every round was answered from the response cache. */
  cached: boolean;
}

/**
 * One (case, arm, attempt) replayed as a conversation, whoever makes the calls (call by call, or round by round
 * in provider batches): `body` is the request to send next; `answer` takes its completion and either ends the
 * conversation or moves `body` on to the next round, with the model's tool calls answered from the recorded results.
 */
export class ConversationReplay {
  private readonly rounds: ProviderCompletion[] = [];
  private allCached = true;

  constructor(
    private readonly evalCase: EvalCase,
    public body: Record<string, unknown>,
  ) {}

  /** 0 for the first call; n after n rounds of answered tool calls. */
  get round(): number {
    return this.rounds.length;
  }

  /** Feeds the answer to `body`; returns how the conversation ended, or null when `body` is the next request. */
  answer(completion: ProviderCompletion, cached: boolean): EndedConversation | null {
    this.allCached &&= cached;
    const step = nextToolStep(this.evalCase, this.body, completion, this.rounds.length);
    this.rounds.push(completion);
    if (step.kind === 'continue') {
      this.body = step.body;
      return null;
    }
    return { completion: combineRounds(this.rounds), unreplayable: step.kind === 'unreplayable' ? step.call : null, cached: this.allCached };
  }
}

/** The stored row of an ended conversation. */
export function conversationResult(runId: string, task: Task, ended: EndedConversation, price: Price | undefined, retries: number): NewResult {
  const row = completedResult(runId, task, ended.completion, price, retries, ended.cached);
  return ended.unreplayable ? { ...row, unreplayableToolCall: JSON.stringify(ended.unreplayable) } : row;
}
