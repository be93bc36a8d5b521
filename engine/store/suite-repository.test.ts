import { describe, expect, it } from 'vitest';
import { evalCaseSchema } from '../../shared/domain/suite.js';
import { useTempStore } from '../../test-support/temp-store.js';

const temp = useTempStore('cg-suites-');

describe('scoringInput', () => {
  it('is exactly the expectations and documents of the parsed case, for active cases of that suite only', () => {
    const { store } = temp;
    const cases = [
      {
        id: 'rag',
        input: {
          messages: [{ role: 'user', content: 'Quelle est la «limite» ? 🙂' }],
          documents: [{ id: 'd1', title: 'Tarifs «2026»', text: 'Line one\nline "two" \\ three — 0.1 + 0.2 = 0.30000000000000004' }],
        },
        expectations: [
          { type: 'contains', value: 'limite 🙂' },
          { type: 'regex', pattern: '\\d+\\.\\d+ \\p{L}', flags: 'u' },
          { type: 'citations', required: true, name: 'cites', severity: 'high', category: 'citation_validity' },
        ],
      },
      { id: 'plain', input: { messages: [{ role: 'user', content: 'q' }] } },
      { id: 'retired', status: 'retired', input: { messages: [{ role: 'user', content: 'r' }] }, expectations: [{ type: 'contains', value: 'r' }] },
    ].map((c) => evalCaseSchema.parse(c));
    const suiteId = store.suites.upsert('s', 'd', null, cases);
    const other = store.suites.upsert('other', 'd2', null, [evalCaseSchema.parse({ id: 'x', input: { messages: [{ role: 'user', content: 'x' }] } })]);
    const stored = store.suites.allCases(suiteId);
    for (const c of stored.slice(0, 2)) {
      expect(store.suites.scoringInput(suiteId, c.id)).toEqual({ key: c.key, expectations: c.evalCase.expectations, documents: c.evalCase.input.documents ?? [] });
      expect(store.suites.scoringInput(suiteId, c.id, true)!.input).toEqual({ messages: c.evalCase.input.messages, toolResults: [] });
    }
    expect(store.suites.scoringInput(suiteId, stored[0]!.id)!.documents[0]!.text).toBe(cases[0]!.input.documents![0]!.text);
    expect(store.suites.scoringInput(suiteId, stored[2]!.id)).toBeUndefined(); // retired
    expect(store.suites.scoringInput(other, stored[0]!.id)).toBeUndefined(); // another suite's case
    expect(store.suites.scoringInput(suiteId, 999_999)).toBeUndefined();
  });

  it('reads the case reference answer when there is one, and the recorded tool results with the input', () => {
    const { store } = temp;
    const toolResults = [{ name: 'lookup', arguments: '{"id":1}', content: 'jane@example.com' }];
    const cases = [
      { id: 'ref', reference: 'Refunds take 5 days.', input: { messages: [{ role: 'user', content: 'q' }], tool_results: toolResults } },
      { id: 'none', input: { messages: [{ role: 'user', content: 'q' }] } },
    ].map((c) => evalCaseSchema.parse(c));
    const suiteId = store.suites.upsert('r', 'd', null, cases);
    const [withRef, without] = store.suites.allCases(suiteId);
    expect(store.suites.scoringInput(suiteId, withRef!.id)!.reference).toBe('Refunds take 5 days.');
    expect(store.suites.scoringInput(suiteId, withRef!.id, true)!.input!.toolResults).toEqual(toolResults);
    expect(store.suites.scoringInput(suiteId, without!.id)).not.toHaveProperty('reference');
    expect(store.suites.scoringInput(suiteId, without!.id)).not.toHaveProperty('input');
  });
});
