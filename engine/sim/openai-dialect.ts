import { z } from 'zod';
import { chatRequestSchema, type ChatRequest } from '../../shared/domain/capture.js';
import { completionChunkEvents } from './openai-chunks.js';
import { completionBody, errorBody } from './openai-bodies.js';
import type { ParsedSimRequest, SimDialect } from './sim-dialect.js';

const streamFieldsSchema = z.looseObject({
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});

function modelOf(json: unknown): string {
  return json && typeof json === 'object' && typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : '';
}

function invalid(model: string, issue: z.ZodError['issues'][number] | undefined): ParsedSimRequest {
  const param = issue?.path.join('.') || null;
  return { ok: false, model, message: `Invalid request: ${param ?? 'body'}: ${issue?.message ?? 'invalid'}`, param };
}

/** Reads a Chat Completions body; a streamed request is simulated as the same body without its stream fields. */
export function parseChatBody(json: unknown): ParsedSimRequest {
  const parsed = chatRequestSchema.safeParse(json);
  if (!parsed.success) return invalid(modelOf(json), parsed.error.issues[0]);
  const streamFields = streamFieldsSchema.safeParse(json);
  if (!streamFields.success) return invalid(modelOf(json), streamFields.error.issues[0]);
  // Simulate what the client sent, not the schema's output, so the seed is exactly the request's meaning.
  const request = json as ChatRequest;
  if (streamFields.data.stream !== true) return { ok: true, model: request.model, chat: request, stream: false, includeUsage: false };
  // Streaming changes the transport, not the question: strip it so both forms get the same answer.
  const { stream: _stream, stream_options: _options, ...chat } = request as ChatRequest & { stream?: unknown; stream_options?: unknown };
  return { ok: true, model: request.model, chat: chat as ChatRequest, stream: true, includeUsage: streamFields.data.stream_options?.include_usage === true };
}

/** The OpenAI Chat Completions dialect of the sim. */
export const openAiDialect: SimDialect = {
  parse: parseChatBody,
  errors: {
    tooLarge: (limit) => errorBody(`Request body exceeds ${limit} bytes.`, 'invalid_request_error', 'request_too_large'),
    invalidJson: () => errorBody('We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json'),
    invalidRequest: (message, param) => errorBody(message, 'invalid_request_error', 'invalid_request', param),
    unknownModel: (model) => errorBody(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model'),
    rateLimited: (model, s) => errorBody(`Rate limit reached for ${model} (simulated). Please retry after ${s}s.`, 'requests', 'rate_limit_exceeded'),
    serverError: () => errorBody('The server had an error while processing your request (simulated).', 'server_error', null),
    unavailable: () => errorBody('The engine is currently overloaded, please try again later (simulated).', 'server_error', 'service_unavailable'),
    internal: (err) => errorBody(`sim internal error: ${String(err)}`, 'server_error', null),
    methodNotAllowed: (path) => errorBody(`Use POST for ${path}.`, 'invalid_request_error', 'method_not_allowed'),
  },
  headers: (c) => ({
    'x-request-id': `req-sim-${c.requestHash.slice(0, 24)}`,
    'openai-processing-ms': String(c.latencyMs),
    'x-canary-gate-sim-intent': c.intent,
  }),
  body: completionBody,
  streamEvents: completionChunkEvents,
};
