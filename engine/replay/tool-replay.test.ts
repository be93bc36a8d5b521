import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../shared/domain/capture.js';
import type { EvalCase } from '../../shared/domain/suite.js';
import type { ProviderCompletion } from '../providers/provider.js';
import { MAX_TOOL_ROUNDS, nextToolStep, normaliseToolArguments, splitRecordedToolExchange } from './tool-replay.js';

const call = (id: string, name: string, args: string) => ({ id, type: 'function' as const, function: { name, arguments: args } });
const captured: ChatMessage[] = [
  { role: 'system', content: 'Use lookup_order.' },
  { role: 'user', content: 'Where is ORD-1?' },
  { role: 'assistant', content: null, tool_calls: [call('c1', 'lookup_order', '{"order_id": "ORD-1"}')] },
  { role: 'tool', tool_call_id: 'c1', content: '{"status":"shipped"}' },
];

function completion(toolCalls: ProviderCompletion['toolCalls'], text = ''): ProviderCompletion {
  return { text, finishReason: toolCalls.length ? 'tool_calls' : 'stop', toolCalls, promptTokens: 10, completionTokens: 5, latencyMs: 100, ttftMs: null, simulated: true };
}

function caseWith(toolResults: EvalCase['input']['tool_results'], recordedCalls: { id: string; name: string; arguments: string }[] = []): EvalCase {
  return {
    id: 'c', input: { messages: captured.slice(0, 2), ...(toolResults ? { tool_results: toolResults } : {}) }, expectations: [], tags: [], severity: 'medium', origin: 'traffic', status: 'active',
    recorded: { text: recordedCalls.length ? '' : 'It shipped.', finish_reason: 'stop', tool_calls: recordedCalls, prompt_tokens: 1, completion_tokens: 1, latency_ms: 1, cost_usd: null },
  };
}

describe('splitRecordedToolExchange', () => {
  it('starts the case at the user message and keeps the recorded call with its result', () => {
    const { messages, toolResults } = splitRecordedToolExchange(captured);
    expect(messages).toEqual(captured.slice(0, 2));
    expect(toolResults).toEqual([{ name: 'lookup_order', arguments: '{"order_id": "ORD-1"}', content: '{"status":"shipped"}' }]);
  });

  it('leaves a conversation alone when something other than a tool exchange follows the user', () => {
    const withAnswer: ChatMessage[] = [...captured, { role: 'assistant', content: 'It shipped.' }];
    expect(splitRecordedToolExchange(withAnswer).messages).toEqual(withAnswer);
    // The earlier exchange is still in the answer book: the model may ask again.
    expect(splitRecordedToolExchange(withAnswer).toolResults).toHaveLength(1);
    const plain: ChatMessage[] = [{ role: 'user', content: 'hi' }];
    expect(splitRecordedToolExchange(plain)).toEqual({ messages: plain, toolResults: [] });
  });

  it('ignores a call that was never answered', () => {
    const unanswered: ChatMessage[] = [captured[0]!, captured[1]!, { role: 'assistant', content: null, tool_calls: [call('c9', 'lookup_order', '{}')] }];
    expect(splitRecordedToolExchange(unanswered)).toEqual({ messages: unanswered, toolResults: [] });
  });
});

describe('normaliseToolArguments', () => {
  it('compares JSON by meaning and other text verbatim (trimmed)', () => {
    expect(normaliseToolArguments('{"b": 1, "a": [1, 2]}')).toBe(normaliseToolArguments('{"a":[1,2],"b":1}'));
    expect(normaliseToolArguments('{"a": 1}')).not.toBe(normaliseToolArguments('{"a": "1"}'));
    expect(normaliseToolArguments('  not json ')).toBe('not json');
  });
});

describe('nextToolStep', () => {
  const book = splitRecordedToolExchange(captured).toolResults;
  const body = { model: 'm', messages: captured.slice(0, 2) };

  it('is final when the model answers without calling a tool', () => {
    expect(nextToolStep(caseWith(book), body, completion([], 'It shipped.'), 0)).toEqual({ kind: 'final' });
  });

  it('answers a matching call with the recorded result and continues the conversation', () => {
    const step = nextToolStep(caseWith(book), body, completion([{ id: 'x1', name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' }]), 0);
    expect(step.kind).toBe('continue');
    if (step.kind !== 'continue') return;
    expect(step.answered).toBe(1);
    expect(step.body.model).toBe('m');
    expect((step.body.messages as ChatMessage[]).slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [call('x1', 'lookup_order', '{"order_id":"ORD-1"}')] },
      { role: 'tool', tool_call_id: 'x1', content: '{"status":"shipped"}' },
    ]);
    // The request it continues from is not changed.
    expect(body.messages).toHaveLength(2);
  });

  it('never invents a result: a call with other arguments or another tool is unreplayable, with its details', () => {
    expect(nextToolStep(caseWith(book), body, completion([{ id: 'x', name: 'lookup_order', arguments: '{"order_id":"1"}' }]), 0)).toEqual({
      kind: 'unreplayable',
      call: { name: 'lookup_order', arguments: '{"order_id":"1"}', round: 0, reason: 'no_recorded_result' },
    });
    const other = nextToolStep(caseWith(book), body, completion([{ id: 'x', name: 'cancel_order', arguments: '{"order_id":"ORD-1"}' }]), 2);
    expect(other).toMatchObject({ kind: 'unreplayable', call: { name: 'cancel_order', round: 2 } });
    // One unmatched call among matched ones is enough.
    const mixed = completion([{ id: 'a', name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' }, { id: 'b', name: 'lookup_order', arguments: '{"order_id":"ORD-2"}' }]);
    expect(nextToolStep(caseWith(book), body, mixed, 0)).toMatchObject({ kind: 'unreplayable', call: { arguments: '{"order_id":"ORD-2"}' } });
  });

  it('keeps the calls as the answer when the captured response was itself a tool call', () => {
    const recordedCall = [{ id: 'r', name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' }];
    expect(nextToolStep(caseWith([], recordedCall), body, completion([{ id: 'x', name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' }]), 0)).toEqual({ kind: 'final' });
  });

  it('gives up after MAX_TOOL_ROUNDS rounds of calls', () => {
    const looping = completion([{ id: 'x', name: 'lookup_order', arguments: '{"order_id":"ORD-1"}' }]);
    expect(nextToolStep(caseWith(book), body, looping, MAX_TOOL_ROUNDS - 2).kind).toBe('continue');
    expect(nextToolStep(caseWith(book), body, looping, MAX_TOOL_ROUNDS - 1)).toMatchObject({ kind: 'unreplayable', call: { reason: 'too_many_rounds' } });
  });
});
