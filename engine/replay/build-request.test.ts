import { describe, expect, it } from 'vitest';
import type { EvalCase } from '../../shared/domain/suite.js';
import { targetSchema, workspaceConfigSchema, type Target } from '../../shared/domain/target.js';
import { resolveTarget } from '../targets/resolve-target.js';
import { buildChatRequest } from './build-request.js';

const lookup = { type: 'function', function: { name: 'lookup_order', parameters: { type: 'object' } } };
const refund = { type: 'function', function: { name: 'refund_order', parameters: { type: 'object' } } };
const evalCase: EvalCase = {
  id: 'c1',
  input: {
    messages: [
      { role: 'system', content: 'Old system prompt.' },
      { role: 'user', content: 'Earlier question' },
      { role: 'assistant', content: 'Earlier answer' },
      { role: 'user', content: 'Where is ORD-1? It cost $5.' },
    ],
    tools: [lookup],
    params: { temperature: 0.7, max_tokens: 300, stream: true },
  },
  expectations: [], tags: [], severity: 'medium', origin: 'manual', status: 'active',
};
const target = (t: Record<string, unknown>): Target => targetSchema.parse({ provider: 'openai-chat', base_url: 'sim', model: 'm', ...t });

describe('buildChatRequest: the frozen candidate change on top of the captured case', () => {
  it('sends the case as captured under the target model, with the target params winning and no stream flag', () => {
    const body = buildChatRequest(evalCase, target({ params: { temperature: 0 } }));
    expect(body).toEqual({ temperature: 0, max_tokens: 300, model: 'm', messages: evalCase.input.messages, tools: [lookup] });
  });

  it('replaces the system prompt, or puts one first', () => {
    expect((buildChatRequest(evalCase, target({ system_prompt: 'New.' })).messages as unknown[])[0]).toEqual({ role: 'system', content: 'New.' });
    const noSystem = { ...evalCase, input: { ...evalCase.input, messages: evalCase.input.messages.slice(1) } };
    const messages = buildChatRequest(noSystem, target({ system_prompt: 'New.' })).messages as unknown[];
    expect(messages).toHaveLength(4);
    expect(messages[0]).toEqual({ role: 'system', content: 'New.' });
  });

  it('puts the last user message into the prompt template, leaving earlier turns and $ signs alone', () => {
    const messages = buildChatRequest(evalCase, target({ prompt_template: 'Answer briefly.\n\n{{message}}\n\n(Reply in English: {{message}})' })).messages as { content: string }[];
    expect(messages[3]!.content).toBe('Answer briefly.\n\nWhere is ORD-1? It cost $5.\n\n(Reply in English: Where is ORD-1? It cost $5.)');
    expect(messages[1]!.content).toBe('Earlier question');
    expect(evalCase.input.messages[3]!.content).toBe('Where is ORD-1? It cost $5.');
  });

  it('offers the recorded tools, none, or the target tool set', () => {
    expect(buildChatRequest(evalCase, target({})).tools).toEqual([lookup]);
    expect(buildChatRequest(evalCase, target({ tool_policy: 'none' }))).not.toHaveProperty('tools');
    expect(buildChatRequest(evalCase, target({ tool_policy: 'replace', tools: [lookup, refund] })).tools).toEqual([lookup, refund]);
  });

  it('rejects a template without {{message}} and a tool set without tool_policy: replace (and the reverse)', () => {
    expect(targetSchema.safeParse({ provider: 'openai-chat', base_url: 'sim', model: 'm', prompt_template: 'no slot' }).error?.issues[0]).toMatchObject({ path: ['prompt_template'] });
    expect(targetSchema.safeParse({ provider: 'openai-chat', base_url: 'sim', model: 'm', tool_policy: 'replace' }).error?.issues[0]).toMatchObject({ path: ['tools'] });
    expect(targetSchema.safeParse({ provider: 'openai-chat', base_url: 'sim', model: 'm', tools: [lookup] }).error?.issues[0]).toMatchObject({ path: ['tool_policy'] });
  });

  it('fingerprints every part of the change, and not how it is called', () => {
    const fp = (t: Record<string, unknown>) => resolveTarget(workspaceConfigSchema.parse({ targets: { c: { provider: 'openai-chat', base_url: 'sim', model: 'm', ...t } } }), 'c', 'canary-gate.yaml').fingerprint;
    const base = fp({});
    const changes = [{ model: 'm2' }, { system_prompt: 'x' }, { prompt_template: 'Q: {{message}}' }, { tool_policy: 'none' }, { tool_policy: 'replace', tools: [refund] }, { params: { temperature: 0.1 } }];
    const prints = changes.map(fp);
    expect(new Set([base, ...prints]).size).toBe(changes.length + 1);
    expect(fp({ stream: true, limits: { rpm: 60 } })).toBe(base);
  });
});
