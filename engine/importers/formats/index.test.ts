import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { captureFormats, detectFormat, mappers, type CaptureFormat } from './index.js';

const FIXTURES = new URL('../../../fixtures/capture-formats/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const jsonl = (name: string): unknown[] => read(name).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);

const files: [string, CaptureFormat, unknown[]][] = [
  ['canonical.jsonl', 'canonical', jsonl('canonical.jsonl')],
  ['openai-chat.jsonl', 'openai-chat', jsonl('openai-chat.jsonl')],
  ['openai-responses.jsonl', 'openai-responses', jsonl('openai-responses.jsonl')],
  ['anthropic.jsonl', 'anthropic', jsonl('anthropic.jsonl')],
  ['otel-genai-new.jsonl', 'otel', jsonl('otel-genai-new.jsonl')],
  ['otel-genai-old.jsonl', 'otel', jsonl('otel-genai-old.jsonl')],
  ['otel-whole-file.json', 'otel', (JSON.parse(read('otel-whole-file.json')) as { resourceSpans: unknown[] }).resourceSpans.map((rs) => ({ resourceSpans: [rs] }))],
  ['langfuse-traces.jsonl', 'langfuse', jsonl('langfuse-traces.jsonl')],
  ['langfuse-export.json', 'langfuse', JSON.parse(read('langfuse-export.json')) as unknown[]],
];

describe('detectFormat', () => {
  it.each(files)('detects every record of %s as %s', (_file, format, records) => {
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) expect(detectFormat(record)).toBe(format);
  });

  it('detects the demo capture as canonical', () => {
    const demo = readFileSync(new URL('../../../fixtures/traffic/support-bot-capture.jsonl', import.meta.url), 'utf8').split('\n', 3);
    for (const line of demo) expect(detectFormat(JSON.parse(line))).toBe('canonical');
  });

  it('prefers canonical for a tagged capture that would also pass as an OpenAI pair', () => {
    const [chatGolden] = jsonl('openai-chat.jsonl') as [Record<string, unknown>];
    expect(detectFormat(chatGolden)).toBe('openai-chat');
    expect(detectFormat({ ...chatGolden, schema: 'canary-gate/capture@1' })).toBe('canonical');
  });

  it.each([
    null,
    42,
    'a line of text',
    [],
    [{ resourceSpans: [] }],
    {},
    { request: {} },
    { request: { messages: [] }, response: { object: 'thread' } },
    { id: 'x', timestamp: 'now', request: { prompt: 'hi' } },
    { resourceSpans: {} },
    { observations: [] },
    { resourceLogs: [{ scopeLogs: [] }] },
  ])('detects %j as nothing', (value) => {
    expect(detectFormat(value)).toBeNull();
  });

  it('has one mapper per capture format, named after it', () => {
    expect(Object.keys(mappers).sort()).toEqual([...captureFormats].sort());
    for (const format of captureFormats) expect(mappers[format].format).toBe(format);
  });
});
