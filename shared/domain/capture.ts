import { z } from 'zod';
import { scorerSpecSchema } from './scorer-spec.js';

/** One tool call as OpenAI Chat Completions carries it (arguments are a JSON string). */
export const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

const contentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

/** A chat message in the OpenAI Chat Completions shape, the canonical message form. */
export const chatMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(contentPartSchema), z.null()]).optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The request half of a capture: an OpenAI Chat Completions request body. */
export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(chatMessageSchema).min(1),
  tools: z.array(z.unknown()).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

// A token count inside the optional details: a malformed one is dropped, never a reason to reject the capture.
const detailCount = z.number().int().nonnegative().optional().catch(undefined);

export const usageSchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
  total_tokens: z.number().int().nonnegative().optional(),
  /** Of the prompt tokens, those the provider served from its prompt cache (billed at the cached-input price). */
  prompt_tokens_details: z.object({ cached_tokens: detailCount }).optional().catch(undefined),
  /** Of the completion tokens, those the model spent reasoning. */
  completion_tokens_details: z.object({ reasoning_tokens: detailCount }).optional().catch(undefined),
});
export type Usage = z.infer<typeof usageSchema>;

/** The response half of a capture: an OpenAI Chat Completions response body. */
export const chatResponseSchema = z.looseObject({
  id: z.string().optional(),
  model: z.string().optional(),
  choices: z
    .array(
      z.looseObject({
        index: z.number().int().optional(),
        message: chatMessageSchema,
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: usageSchema.optional(),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/** A document the application put into the model's context (for citation checks). */
export const contextDocumentSchema = z.object({
  id: z.string().min(1),
  title: z.string().optional(),
  text: z.string(),
});
export type ContextDocument = z.infer<typeof contextDocumentSchema>;

export const captureMetadataSchema = z.looseObject({
  slice: z.string().min(1).optional(),
  route: z.string().optional(),
  session_id: z.string().optional(),
  user_id: z.string().optional(),
  signals: z
    .looseObject({
      user_retry: z.boolean().optional(),
      thumbs_down: z.boolean().optional(),
      policy_flag: z.boolean().optional(),
    })
    .optional(),
});

/**
 * The canonical capture: one logged production call, one JSON object per line.
 * `expectations` are labels a reviewer attached to the sample (what a correct answer must show).
 */
export const trafficSampleSchema = z.object({
  schema: z.literal('canary-gate/capture@1').optional(),
  id: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
  request: chatRequestSchema,
  response: chatResponseSchema.nullable().optional(),
  latency_ms: z.number().nonnegative().optional(),
  cost_usd: z.number().nonnegative().optional(),
  context: z.object({ documents: z.array(contextDocumentSchema) }).optional(),
  metadata: captureMetadataSchema.default({}),
  expectations: z.array(scorerSpecSchema).optional(),
});
export type TrafficSample = z.infer<typeof trafficSampleSchema>;
