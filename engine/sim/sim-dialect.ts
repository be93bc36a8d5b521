import type { ChatRequest } from '../../shared/domain/capture.js';
import type { SimCompletion } from './simulate.js';
import type { StreamPlan } from './stream-plan.js';

/** One server-sent event, already serialised, and when (unscaled ms after the request) to send it. */
export interface TimedEvent {
  atMs: number;
  data: string;
  /** True for events that carry answer text; a broken stream stops after half of them. */
  content: boolean;
}

/** A request body read by a dialect: the chat-form request to simulate, or why it is invalid. */
export type ParsedSimRequest =
  | { ok: true; model: string; chat: ChatRequest; stream: boolean; includeUsage: boolean }
  | { ok: false; model: string; message: string; param: string | null };

/** Error bodies in a dialect's own shape. */
export interface SimErrorBodies {
  tooLarge(limitBytes: number): unknown;
  invalidJson(): unknown;
  invalidRequest(message: string, param: string | null): unknown;
  unknownModel(model: string): unknown;
  rateLimited(model: string, retryAfterSeconds: number): unknown;
  serverError(): unknown;
  unavailable(): unknown;
  internal(err: unknown): unknown;
  methodNotAllowed(path: string): unknown;
}

/** One provider API spoken by the sim (OpenAI Chat Completions, Anthropic Messages) over the same models. */
export interface SimDialect {
  parse(json: unknown): ParsedSimRequest;
  errors: SimErrorBodies;
  /** Extra response headers of a successful answer. */
  headers(c: SimCompletion): Record<string, string>;
  body(c: SimCompletion, createdSeconds: number): unknown;
  streamEvents(c: SimCompletion, createdSeconds: number, plan: StreamPlan, includeUsage: boolean): TimedEvent[];
}
