// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodInput, MethodOutput } from '../../../shared/contract/index.js';
import type { TrafficRow } from '../../../shared/domain/traffic.js';
import { App } from '../App.js';
import { parseRoute } from '../routing/route.js';
import { useRunsStore } from '../stores/runs-store.js';
import { useTrafficStore } from '../stores/traffic-store.js';
import { fakeClient, type FakeClient } from '../testing/fake-client.js';

const row = (i: number): TrafficRow => ({
  id: i + 1,
  source_id: `cap_${i + 1}`,
  slice: i % 2 ? 'shipping' : 'billing',
  model: 'gpt-4.1-mini',
  captured_at: '2026-11-02T09:15:00Z',
  preview: i === 0 ? 'Refund card <CARD_1> for <EMAIL_1>' : `Question ${i + 1}`,
  redactions: i === 0 ? 2 : 0,
  source_file: 'captures/support.jsonl',
  source_line: i + 1,
});

const detail: MethodOutput<'traffic.get'> = {
  id: 1,
  source_id: 'cap_1',
  slice: 'billing',
  captured_at: '2026-11-02T09:15:00Z',
  source_file: 'captures/support.jsonl',
  source_line: 1,
  sample: {
    id: 'cap_1',
    timestamp: '2026-11-02T09:15:00Z',
    request: {
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'You are a support bot.' },
        { role: 'user', content: 'Refund card <CARD_1> for <EMAIL_1>' },
      ],
    },
    response: { choices: [{ index: 0, message: { role: 'assistant', content: 'Refund sent to <EMAIL_1>.', tool_calls: [{ id: 't1', type: 'function', function: { name: 'refund', arguments: '{"card":"<CARD_1>"}' } }] }, finish_reason: 'stop' }] },
    context: { documents: [{ id: 'doc-7', title: 'Refunds', text: 'Refunds take 5 days.' }] },
    latency_ms: 812,
  },
};

function responders(total = 250) {
  return {
    'runs.list': () => ({ ok: true as const, value: { runs: [], total: 0 } }),
    'traffic.list': (input: MethodInput<'traffic.list'>) => {
      const offset = input.offset ?? 0;
      const n = Math.max(0, Math.min(input.limit ?? 100, total - offset));
      return {
        ok: true as const,
        value: {
          rows: Array.from({ length: n }, (_, k) => row(offset + k)),
          total,
          facets: { slice: [{ value: 'billing', count: 125 }, { value: 'shipping', count: 125 }], model: [{ value: 'gpt-4.1-mini', count: total }], redacted: 1 },
        },
      };
    },
    'traffic.get': (input: MethodInput<'traffic.get'>) => (input.id === 1 ? { ok: true as const, value: detail } : { ok: false as const, error: { code: 'not_found' as const, message: `no traffic sample ${input.id}` } }),
  };
}

function open(hash: string, client: FakeClient = fakeClient(responders())) {
  window.location.hash = hash;
  render(<App client={client} />);
  return client;
}

const listInputs = (client: FakeClient) => client.callsOf('traffic.list') as MethodInput<'traffic.list'>[];

beforeEach(() => {
  window.location.hash = '';
  // jsdom lays nothing out: give the list a viewport so the virtualiser renders the rows in view.
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 600, width: 800, height: 600, toJSON: () => ({}) });
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(800);
});

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  useTrafficStore.getState().reset();
  useRunsStore.getState().reset();
});

describe('TrafficScreen', () => {
  it('sends the URL filter to traffic.list and shows rows, counts, facets and placeholders', async () => {
    const client = open('#/traffic?slice=billing&redacted=1&q=refund');
    await screen.findByText('Question 2');
    expect(listInputs(client)[0]).toEqual({ filter: { slice: 'billing', redacted: true, q: 'refund' }, offset: 0, limit: 100 });
    expect(screen.getByTestId('traffic-count').textContent).toBe('250 samples · slice billing, redacted, matching “refund”');
    const first = screen.getByTestId('traffic-list').querySelector('[data-sample-id="1"]') as HTMLElement;
    expect([...first.querySelectorAll('mark.redaction-token')].map((m) => m.textContent)).toEqual(['<CARD_1>', '<EMAIL_1>']);
    expect(within(first).getByText('2 redacted')).toBeTruthy();
    expect(screen.getByTestId('traffic-list').querySelectorAll('[role="option"]').length).toBeLessThan(40);
    const billing = document.querySelector('[data-facet="slice"][data-value="billing"]')!;
    expect(billing.getAttribute('aria-pressed')).toBe('true');
    expect(billing.textContent).toBe('billing125');
    expect((screen.getByTestId('traffic-redacted') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('traffic-search') as HTMLInputElement).value).toBe('refund');
  });

  it('a facet, the redacted switch and the search change the URL and ask the engine again', async () => {
    const client = open('#/traffic');
    await screen.findByText('Question 2');
    fireEvent.click(document.querySelector('[data-facet="slice"][data-value="shipping"]')!);
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'traffic', filter: { slice: 'shipping' } }));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'shipping' }));
    fireEvent.click(screen.getByTestId('traffic-redacted'));
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'shipping', redacted: true }));
    fireEvent.change(screen.getByTestId('traffic-search'), { target: { value: ' parcel ' } });
    fireEvent.keyDown(screen.getByTestId('traffic-search'), { key: 'Enter' });
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ slice: 'shipping', redacted: true, q: 'parcel' }));
    expect(window.location.hash).toBe('#/traffic?slice=shipping&redacted=1&q=parcel');
    // Pressing the chosen value again clears it.
    fireEvent.click(document.querySelector('[data-facet="slice"][data-value="shipping"]')!);
    await waitFor(() => expect(listInputs(client).at(-1)!.filter).toEqual({ redacted: true, q: 'parcel' }));
  });

  it('a search still in its pause keeps the facet picked meanwhile', async () => {
    open('#/traffic');
    await screen.findByText('Question 2');
    fireEvent.change(screen.getByTestId('traffic-search'), { target: { value: 'parcel' } });
    fireEvent.click(document.querySelector('[data-facet="slice"][data-value="shipping"]')!);
    await waitFor(() => expect(parseRoute(window.location.hash)).toEqual({ screen: 'traffic', filter: { slice: 'shipping', q: 'parcel' } }));
  });

  it('loads further pages as the list scrolls, a page per call', async () => {
    const client = open('#/traffic', fakeClient(responders(100_000)));
    await screen.findByText('Question 2');
    const list = screen.getByTestId('traffic-list');
    list.scrollTop = 56 * 150;
    fireEvent.scroll(list);
    await waitFor(() => expect(listInputs(client).map((c) => c.offset)).toContain(100));
    expect(listInputs(client).every((c) => c.limit === 100)).toBe(true);
    await screen.findByText('Question 151');
  });

  it('opens a sample: conversation, response with its tool call, documents, placeholders marked; Esc closes', async () => {
    const client = open('#/traffic');
    await screen.findByText('Question 2');
    fireEvent.click(screen.getByTestId('traffic-list').querySelector('[data-sample-id="1"]')!);
    const sample = await screen.findByTestId('traffic-sample');
    expect(parseRoute(window.location.hash)).toEqual({ screen: 'traffic', filter: {}, sampleId: 1 });
    expect(client.callsOf('traffic.get')).toEqual([{ id: 1 }]);
    expect(within(sample).getByRole('heading', { level: 2 }).textContent).toBe('Sample #1 cap_1');
    expect(within(sample).getByText('You are a support bot.')).toBeTruthy();
    expect([...sample.querySelectorAll('mark.redaction-token')].map((m) => m.textContent)).toEqual(['<CARD_1>', '<EMAIL_1>', '<EMAIL_1>', '<CARD_1>']);
    expect(within(sample).getByText('→ refund')).toBeTruthy();
    expect(within(sample).getByText('Refunds take 5 days.')).toBeTruthy();
    expect(within(sample).getByTestId('traffic-sample-redactions').textContent).toBe('4 placeholders');
    expect(within(sample).getByText('812 ms')).toBeTruthy();
    expect(within(sample).getByText('captures/support.jsonl:1')).toBeTruthy();
    expect(screen.getByTestId('traffic-list').querySelector('[data-sample-id="1"]')!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(window, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('traffic-sample')).toBeNull());
    expect(parseRoute(window.location.hash)).toEqual({ screen: 'traffic', filter: {} });
  });

  it('a sample link opens it directly; a missing one says so', async () => {
    open('#/traffic/7');
    expect((await screen.findByRole('alert')).textContent).toContain('no traffic sample 7 (not_found)');
  });

  it('names the next step when nothing is imported, and offers to clear filters that match nothing', async () => {
    open('#/traffic', fakeClient(responders(0)));
    expect((await screen.findByTestId('traffic-empty')).textContent).toContain('No traffic imported yet.');
    cleanup();
    useTrafficStore.getState().reset();
    open('#/traffic?model=nope', fakeClient(responders(0)));
    const empty = await screen.findByTestId('traffic-empty');
    expect(empty.textContent).toContain('No sample matches these filters.');
    fireEvent.click(within(empty).getByRole('button', { name: 'Clear the filters' }));
    await waitFor(() => expect(window.location.hash).toBe('#/traffic'));
  });

  it('says when the search index is still catching up, and asks again until it has', async () => {
    let calls = 0;
    const client = fakeClient({
      ...responders(),
      'traffic.list': (input) => {
        calls++;
        const base = responders()['traffic.list'](input);
        return calls < 3 ? { ok: true, value: { ...base.value, indexing: { indexed: calls * 1000, samples: 5000 } } } : base;
      },
    });
    open('#/traffic', client);
    expect((await screen.findByTestId('traffic-indexing')).textContent).toBe('Indexing the imported samples for search: 1,000 of 5,000 so far. Counts grow until it is done.');
    await waitFor(() => expect(screen.queryByTestId('traffic-indexing')).toBeNull(), { timeout: 3000 });
    expect(calls).toBe(3);
  });
});
