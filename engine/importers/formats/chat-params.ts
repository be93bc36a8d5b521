import { isRecord, numeric, type JsonRecord } from './json-values.js';

/** Sampling parameters a non-OpenAI source recorded, named as Chat Completions names them. */
export interface ParamSource {
  temperature?: unknown;
  top_p?: unknown;
  max_tokens?: unknown;
  seed?: unknown;
  frequency_penalty?: unknown;
  presence_penalty?: unknown;
  stop?: unknown;
}

/**
 * The valid Chat Completions parameters among `source` (numbers may arrive as strings). Only these travel: every
 * other request field becomes a replay parameter, so vendor-specific fields must not leak into the request.
 */
export function chatParams(source: ParamSource): JsonRecord {
  const out: JsonRecord = {};
  const temperature = numeric(source.temperature);
  if (temperature !== undefined) out.temperature = temperature;
  const topP = numeric(source.top_p);
  if (topP !== undefined) out.top_p = topP;
  const maxTokens = numeric(source.max_tokens);
  if (maxTokens !== undefined && Number.isInteger(maxTokens) && maxTokens > 0) out.max_tokens = maxTokens;
  const seed = numeric(source.seed);
  if (seed !== undefined && Number.isInteger(seed)) out.seed = seed;
  const frequency = numeric(source.frequency_penalty);
  if (frequency !== undefined) out.frequency_penalty = frequency;
  const presence = numeric(source.presence_penalty);
  if (presence !== undefined) out.presence_penalty = presence;
  const stop = stopSequences(source.stop);
  if (stop !== undefined) out.stop = stop;
  return out;
}

function stopSequences(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  return value.every((v): v is string => typeof v === 'string') ? value : undefined;
}

/**
 * A tool definition as a Chat Completions function tool. Accepts chat form (`{type, function}`, kept as is), flat
 * function form (Responses, OTel: `{type: 'function', name, parameters}`) and Anthropic form (`{name,
 * input_schema}`); hosted tools (web search, code interpreter, …) return undefined: a chat replay cannot call them.
 */
export function toChatTool(tool: unknown): JsonRecord | undefined {
  if (!isRecord(tool)) return undefined;
  if (isRecord(tool.function)) return tool.type === 'function' ? tool : { ...tool, type: 'function' };
  const name = tool.name;
  if (typeof name !== 'string' || name === '') return undefined;
  const type = tool.type;
  const schema = tool.parameters ?? tool.input_schema;
  if (!(type === undefined || type === 'function' || (type === 'custom' && tool.input_schema !== undefined))) return undefined;
  const fn: JsonRecord = { name };
  if (tool.description !== undefined) fn.description = tool.description;
  if (schema !== undefined) fn.parameters = schema;
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: 'function', function: fn };
}

/** Chat function tools from a tool list; undefined when none remain (so the request has no `tools` key). */
export function chatTools(value: unknown): JsonRecord[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const tools: JsonRecord[] = [];
  for (const tool of value) {
    const converted = toChatTool(tool);
    if (converted) tools.push(converted);
  }
  return tools.length > 0 ? tools : undefined;
}
