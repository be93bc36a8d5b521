import { anthropicMapper } from './anthropic.js';
import { canonicalMapper } from './canonical.js';
import type { CaptureFormat, FormatMapper } from './format.js';
import { langfuseMapper } from './langfuse.js';
import { openAiChatMapper } from './openai-chat.js';
import { openAiResponsesMapper } from './openai-responses.js';
import { otelMapper } from './otel.js';

export { captureFormats, MappingError, type CaptureFormat, type FormatMapper, type MappedRecord, type RecordOrigin } from './format.js';

/** The mapper of every capture format. */
export const mappers: Record<CaptureFormat, FormatMapper> = {
  canonical: canonicalMapper,
  'openai-chat': openAiChatMapper,
  'openai-responses': openAiResponsesMapper,
  anthropic: anthropicMapper,
  otel: otelMapper,
  langfuse: langfuseMapper,
};

// Canonical first: it is the strictest test, and a canonical record must never be re-mapped as a provider pair.
const detectionOrder: readonly CaptureFormat[] = ['canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel', 'langfuse'];

/** The format a parsed record looks like, or null when none claims it. */
export function detectFormat(record: unknown): CaptureFormat | null {
  for (const format of detectionOrder) if (mappers[format].detect(record)) return format;
  return null;
}
