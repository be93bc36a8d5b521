// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient, takePageToken } from './http-client.js';
import { createIpcClient, type WorkbenchBridge } from './ipc-client.js';
import { pickClient } from './pick-client.js';

const info = { root: '/w', database: '/w/.canary-gate/canary-gate.db', version: '0.1.0', reviewer: null };

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  window.sessionStorage.clear();
  window.history.replaceState(null, '', '/');
  delete window.workbench;
});

describe('takePageToken', () => {
  it('takes ?token= from the address bar, removes it, and keeps it for a reload', () => {
    window.history.replaceState(null, '', '/?token=abc123&view=runs#top');
    expect(takePageToken()).toBe('abc123');
    expect(window.location.search).toBe('?view=runs');
    expect(window.location.hash).toBe('#top');
    expect(window.sessionStorage.getItem('canary-gate.token')).toBe('abc123');
    // A reload: the token is no longer in the URL.
    expect(takePageToken()).toBe('abc123');
  });

  it('is null without a token anywhere', () => {
    expect(takePageToken()).toBeNull();
  });
});

describe('HttpClient', () => {
  it('POSTs the input to /api/call/<method> with the bearer token and validates the output', async () => {
    const fetch = vi.fn(async () => jsonResponse(200, { ok: true, value: info }));
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:4873/', token: 'tok', fetch });
    expect(await client.call('workspace.info', {})).toEqual({ ok: true, value: info });
    expect(fetch).toHaveBeenCalledWith('http://127.0.0.1:4873/api/call/workspace.info', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer tok' },
      body: '{}',
    });
  });

  it('passes engine errors through unchanged', async () => {
    const error = { code: 'not_found', message: 'no run "x"' } as const;
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: async () => jsonResponse(200, { ok: false, error }) });
    expect(await client.call('runs.get', { runId: 'x' })).toEqual({ ok: false, error });
  });

  it('turns an answer that breaks the contract into an internal error', async () => {
    const client = new HttpClient({ baseUrl: '', token: 't', fetch: async () => jsonResponse(200, { ok: true, value: { runs: 'nope', total: 1 } }) });
    const r = await client.call('runs.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: expect.stringMatching(/^runs\.list: HTTP 200 response does not match the contract: runs: /) } });
  });

  it('reports 401, network failures and non-JSON answers as errors instead of throwing', async () => {
    const unauthorized = new HttpClient({ baseUrl: '', token: '', fetch: async () => jsonResponse(401, { ok: false, error: { code: 'unauthorized', message: 'x' } }) });
    expect(await unauthorized.call('runs.list', {})).toEqual({ ok: false, error: { code: 'infra', message: expect.stringMatching(/^not authorized/) } });

    const down = new HttpClient({ baseUrl: '', token: 't', fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    expect(await down.call('runs.list', {})).toEqual({ ok: false, error: { code: 'infra', message: 'cannot reach the canary-gate server: fetch failed' } });

    const html = new HttpClient({ baseUrl: '', token: 't', fetch: async () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }) });
    expect(await html.call('runs.list', {})).toEqual({ ok: false, error: { code: 'infra', message: 'runs.list: HTTP 502 Bad Gateway without a JSON body' } });
  });

  it('shares one EventSource between subscribers, validates payloads and closes it with the last one', () => {
    const sources: FakeEventSource[] = [];
    class FakeEventSource extends EventTarget {
      closed = false;
      constructor(readonly url: string) {
        super();
        sources.push(this);
      }
      close() {
        this.closed = true;
      }
    }
    const client = new HttpClient({ baseUrl: 'http://127.0.0.1:1', token: 't k', EventSource: FakeEventSource as unknown as new (url: string) => EventSource });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const a: unknown[] = [];
    const b: unknown[] = [];
    const offA = client.on('replay.progress', (p) => a.push(p));
    const offB = client.on('replay.progress', (p) => b.push(p));
    expect(sources.map((s) => s.url)).toEqual(['http://127.0.0.1:1/api/events?token=t%20k']);
    const payload = { runId: 'r', done: 1, total: 2, infraErrors: 0 };
    sources[0]!.dispatchEvent(new MessageEvent('replay.progress', { data: JSON.stringify(payload) }));
    sources[0]!.dispatchEvent(new MessageEvent('replay.progress', { data: JSON.stringify({ runId: 'r' }) }));
    sources[0]!.dispatchEvent(new MessageEvent('replay.progress', { data: 'not json' }));
    offA();
    sources[0]!.dispatchEvent(new MessageEvent('replay.progress', { data: JSON.stringify(payload) }));
    expect(a).toEqual([payload]);
    expect(b).toEqual([payload, payload]);
    expect(warn.mock.calls).toEqual([['canary-gate: dropped a malformed "replay.progress" event'], ['canary-gate: dropped a malformed "replay.progress" event']]);
    warn.mockRestore();
    expect(sources[0]!.closed).toBe(false);
    offB();
    offB();
    expect(sources[0]!.closed).toBe(true);
  });
});

describe('ipc client and pickClient', () => {
  function bridge(reply: unknown): WorkbenchBridge & { calls: unknown[][]; emit(event: string, payload: unknown): void } {
    const listeners: [string, (p: unknown) => void][] = [];
    return {
      calls: [],
      async call(method, input) {
        this.calls.push([method, input]);
        if (reply instanceof Error) throw reply;
        return reply;
      },
      on(event, listener) {
        listeners.push([event, listener]);
        return () => {};
      },
      emit(event, payload) {
        for (const [e, l] of listeners) if (e === event) l(payload);
      },
    };
  }

  it('calls through window.workbench and validates the reply', async () => {
    const b = bridge({ ok: true, value: info });
    const client = createIpcClient(b);
    expect(await client.call('workspace.info', {})).toEqual({ ok: true, value: info });
    expect(b.calls).toEqual([['workspace.info', {}]]);
    expect(await createIpcClient(bridge({ ok: true, value: { root: 1 } })).call('workspace.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('reports a refused IPC call as an error result', async () => {
    const client = createIpcClient(bridge(new Error('workbench:call refused: the sender is not the Canary Gate app page')));
    expect(await client.call('runs.list', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'runs.list: IPC call failed: workbench:call refused: the sender is not the Canary Gate app page' },
    });
  });

  it('delivers only contract-valid events', () => {
    const b = bridge(null);
    const got: unknown[] = [];
    createIpcClient(b).on('replay.progress', (p) => got.push(p));
    b.emit('replay.progress', { runId: 'r', done: 2, total: 2, infraErrors: 0 });
    b.emit('replay.progress', { nope: true });
    expect(got).toEqual([{ runId: 'r', done: 2, total: 2, infraErrors: 0 }]);
  });

  it('picks IPC when the preload exposed window.workbench, HTTP otherwise', async () => {
    window.history.replaceState(null, '', '/?token=page-token');
    expect(pickClient()).toBeInstanceOf(HttpClient);
    expect(window.location.search).toBe('');

    const b = bridge({ ok: true, value: info });
    window.workbench = b;
    const client = pickClient();
    expect(client).not.toBeInstanceOf(HttpClient);
    await client.call('workspace.info', {});
    expect(b.calls).toHaveLength(1);
  });
});
