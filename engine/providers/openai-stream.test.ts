import { describe, expect, it } from 'vitest';
import { ChatStreamAssembler } from './openai-stream.js';

describe('ChatStreamAssembler', () => {
  it('joins content deltas and takes finish reason and usage from the last chunks', () => {
    const a = new ChatStreamAssembler();
    expect(a.feed({ choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] })).toBe(false);
    expect(a.feed({ choices: [{ index: 0, delta: { content: 'Your order ' } }] })).toBe(true);
    a.feed({ choices: [{ index: 0, delta: { content: 'has shipped.' } }] });
    a.feed({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    a.feed({ choices: [], usage: { prompt_tokens: 120, completion_tokens: 14, total_tokens: 134, prompt_tokens_details: { cached_tokens: 64 } } });
    expect(a.result()).toEqual({ text: 'Your order has shipped.', finishReason: 'stop', toolCalls: [], promptTokens: 120, completionTokens: 14, cachedPromptTokens: 64 });
  });

  it('assembles tool calls from pieces by index', () => {
    const a = new ChatStreamAssembler();
    a.feed({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'lookup_order', arguments: '' } }] } }] });
    a.feed({ choices: [{ index: 0, delta: { tool_calls: [{ index: 1, id: 'call_2', function: { name: 'refund', arguments: '{"id"' } }] } }] });
    a.feed({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"order_id":' } }] } }] });
    a.feed({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"A-1042"}' } }, { index: 1, function: { arguments: ':7}' } }] } }] });
    a.feed({ choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
    expect(a.result()).toMatchObject({
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_1', name: 'lookup_order', arguments: '{"order_id":"A-1042"}' },
        { id: 'call_2', name: 'refund', arguments: '{"id":7}' },
      ],
      promptTokens: null,
    });
  });
});
