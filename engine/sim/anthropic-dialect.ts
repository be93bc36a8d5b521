import { anthropicErrorBody, anthropicMessageBody, anthropicStreamEvents } from './anthropic-bodies.js';
import { anthropicRequestSchema, toChatRequest } from './anthropic-request.js';
import type { ParsedSimRequest, SimDialect } from './sim-dialect.js';

function modelOf(json: unknown): string {
  return json && typeof json === 'object' && typeof (json as { model?: unknown }).model === 'string' ? (json as { model: string }).model : '';
}

/** Reads a Messages body into the equivalent chat request (x-api-key and anthropic-version are not checked). */
export function parseMessagesBody(json: unknown): ParsedSimRequest {
  const parsed = anthropicRequestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join('.') || null;
    return { ok: false, model: modelOf(json), message: `Invalid request: ${param ?? 'body'}: ${issue?.message ?? 'invalid'}`, param };
  }
  // Anthropic reports usage in message_start and message_delta on every stream; there is no opt-in.
  return { ok: true, model: parsed.data.model, chat: toChatRequest(parsed.data), stream: parsed.data.stream === true, includeUsage: true };
}

/** The Anthropic Messages dialect of the sim. */
export const anthropicDialect: SimDialect = {
  parse: parseMessagesBody,
  errors: {
    tooLarge: (limit) => anthropicErrorBody('request_too_large', `Request body exceeds ${limit} bytes.`),
    invalidJson: () => anthropicErrorBody('invalid_request_error', 'We could not parse the JSON body of your request.'),
    invalidRequest: (message) => anthropicErrorBody('invalid_request_error', message),
    unknownModel: (model) => anthropicErrorBody('not_found_error', `model: ${model}`),
    rateLimited: (model, s) => anthropicErrorBody('rate_limit_error', `Rate limit reached for ${model} (simulated). Please retry after ${s}s.`),
    serverError: () => anthropicErrorBody('api_error', 'Internal server error (simulated).'),
    unavailable: () => anthropicErrorBody('overloaded_error', 'Overloaded (simulated).'),
    internal: (err) => anthropicErrorBody('api_error', `sim internal error: ${String(err)}`),
    methodNotAllowed: (path) => anthropicErrorBody('invalid_request_error', `Use POST for ${path}.`),
  },
  headers: (c) => ({ 'request-id': `req_sim_${c.requestHash.slice(0, 24)}`, 'x-canary-gate-sim-intent': c.intent }),
  body: (c) => anthropicMessageBody(c),
  streamEvents: (c, _created, plan) => anthropicStreamEvents(c, plan),
};
