import type { ChatMessage } from '../../shared/domain/capture.js';
import { messageText } from './text.js';

/** A document the application rendered into the prompt as a `[doc-ID] text` line. */
export interface PromptDocument {
  id: string;
  text: string;
}

/** A `key: value` fact line from the prompt or a plain-text tool result. */
export interface Fact {
  key: string;
  value: string;
}

/** What the simulated model reads from a conversation. */
export interface Conversation {
  lastUserText: string;
  /** System and developer text, in order. */
  instructions: string;
  documents: PromptDocument[];
  facts: Fact[];
  /** JSON objects returned by tools after the last user message: the model is answering them now. */
  pendingToolResults: Record<string, unknown>[];
}

// The id grammar follows shared/scorers/citations.ts, so every parsed document id is citable.
const DOC_LINE = /^\s*\[([A-Za-z][A-Za-z0-9_.:-]*\d[A-Za-z0-9_.:-]*)\]\s+(\S.*)$/;
const FACT_LINE = /^\s*([A-Za-z][A-Za-z0-9 #/_.-]{0,79}?)\s*:\s+(\S.*?)\s*$/;

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function factsOf(text: string): Fact[] {
  const facts: Fact[] = [];
  for (const line of text.split('\n')) {
    if (DOC_LINE.test(line)) continue;
    const m = FACT_LINE.exec(line);
    if (m?.[1] && m[2]) facts.push({ key: m[1], value: m[2] });
  }
  return facts;
}

/** Reads instructions, documents, facts and pending tool results out of a chat conversation. */
export function readConversation(messages: readonly ChatMessage[]): Conversation {
  const instructionParts: string[] = [];
  const documents: PromptDocument[] = [];
  const facts: Fact[] = [];
  let lastUserText = '';
  let pendingToolResults: Record<string, unknown>[] = [];
  for (const message of messages) {
    const text = messageText(message.content);
    switch (message.role) {
      case 'system':
      case 'developer':
        instructionParts.push(text);
        for (const line of text.split('\n')) {
          const m = DOC_LINE.exec(line);
          if (m?.[1] && m[2]) documents.push({ id: m[1], text: m[2].trim() });
        }
        facts.push(...factsOf(text));
        break;
      case 'user':
        lastUserText = text;
        pendingToolResults = [];
        break;
      case 'tool': {
        const json = parseJsonObject(text);
        if (json) pendingToolResults.push(json);
        else facts.push(...factsOf(text));
        break;
      }
      case 'assistant':
        break;
    }
  }
  return { lastUserText, instructions: instructionParts.join('\n'), documents, facts, pendingToolResults };
}
