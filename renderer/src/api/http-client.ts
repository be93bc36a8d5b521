import { events, type CallResult, type EventName, type EventPayload, type Method, type MethodInput, type MethodOutput, type WorkbenchClient } from '../../../shared/contract/index.js';
import { checkCallResult, clientError } from './check-result.js';

const TOKEN_KEY = 'canary-gate.token';

type EventSourceConstructor = new (url: string) => EventSource;

export interface HttpClientOptions {
  /** Origin of the `canary-gate serve` server, e.g. http://127.0.0.1:4873; '' means the page's own origin. */
  baseUrl: string;
  /** The per-launch token the server printed. */
  token: string;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  /** Injected where there is no global EventSource (Node 20). */
  EventSource?: EventSourceConstructor;
}

/** The WorkbenchClient of browser mode: `POST /api/call/<method>` with the bearer token, events over SSE. */
export class HttpClient implements WorkbenchClient {
  private readonly baseUrl: string;
  private readonly token: string;
  private readonly fetchImpl: typeof fetch;
  private readonly EventSourceImpl: EventSourceConstructor | undefined;
  private source: EventSource | null = null;
  private subscribers = 0;

  constructor(opts: HttpClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.token = opts.token;
    // Bound so that a browser's fetch is not called with the client as `this` (an "Illegal invocation").
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
    this.EventSourceImpl = opts.EventSource ?? (globalThis as { EventSource?: EventSourceConstructor }).EventSource;
  }

  /** Calls one contract method on the server; transport failures come back as error results, never throws. */
  async call<M extends Method>(method: M, input: MethodInput<M>): Promise<CallResult<MethodOutput<M>>> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/api/call/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.token}` },
        body: JSON.stringify(input ?? {}),
      });
    } catch (err) {
      return clientError('infra', `cannot reach the canary-gate server: ${(err as Error).message}`);
    }
    if (res.status === 401) {
      return clientError('infra', 'not authorized: this page has no valid token; open the link printed by `canary-gate serve` again');
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return clientError(res.ok ? 'internal' : 'infra', `${method}: HTTP ${res.status} ${res.statusText} without a JSON body`);
    }
    return checkCallResult<M>(method, body, `HTTP ${res.status} response`);
  }

  /** Subscribes to an engine event; one EventSource is shared by all subscribers and closed with the last. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const source = this.openSource();
    const handler = (e: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      // A payload that breaks the contract is dropped rather than handed to UI code typed against it.
      const parsed = events[event].safeParse(data);
      if (parsed.success) listener(parsed.data as EventPayload<E>);
      else console.warn(`canary-gate: dropped a malformed "${event}" event`);
    };
    source.addEventListener(event, handler as EventListener);
    this.subscribers += 1;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      source.removeEventListener(event, handler as EventListener);
      this.subscribers -= 1;
      if (this.subscribers === 0 && this.source === source) {
        source.close();
        this.source = null;
      }
    };
  }

  private openSource(): EventSource {
    if (this.source) return this.source;
    if (!this.EventSourceImpl) throw new Error('HttpClient.on: no EventSource implementation in this environment; pass one in the options');
    this.source = new this.EventSourceImpl(`${this.baseUrl}/api/events?token=${encodeURIComponent(this.token)}`);
    return this.source;
  }
}

/**
 * The token of this page: taken from `?token=` on first load, then removed from the address bar (so it
 * is not bookmarked, shared or kept in history) and kept in sessionStorage so a reload still works.
 */
export function takePageToken(win: Window = window): string | null {
  const url = new URL(win.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      win.sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the token then only lives for this page load.
    }
    url.searchParams.delete('token');
    win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
    return fromUrl;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The HTTP client for the page it runs in: same origin, token from the page link. */
export function createPageHttpClient(win: Window = window): HttpClient {
  return new HttpClient({ baseUrl: '', token: takePageToken(win) ?? '' });
}
