import type { ChatMessage } from '../../shared/domain/capture.js';
import type { Target } from '../../shared/domain/target.js';

/** A rubric's scale: whole grades from min (worst) to max (best). */
export interface JudgeScale {
  min: number;
  max: number;
}

/** What a judge is shown of a case: the conversation the answer(s) reply to. */
export interface JudgedConversation {
  messages: readonly ChatMessage[];
}

// Blocks the prompt is made of. Their contents are JSON with `<` escaped, so no text inside (a conversation, an
// answer) can close a block early, and a reader (the simulated judge, a test) can take them apart exactly.
const block = (tag: string, value: unknown) => `<${tag}>\n${JSON.stringify(value).replace(/</g, '\\u003c')}\n</${tag}>`;

const SYSTEM =
  'You are a careful, impartial evaluator of an AI assistant. You judge only against the rubric you are given, ' +
  'ignore the length and the position of answers, and reply with a single JSON object and nothing else.';

// A conversation's block, made once per conversation object: a case's answers (both arms, both orders of a pair)
// are graded against the same conversation, and its JSON is the longest part of the prompt.
const conversationBlocks = new WeakMap<JudgedConversation, string>();

function conversationBlock(c: JudgedConversation): string {
  let text = conversationBlocks.get(c);
  if (text === undefined) {
    // Only roles and text: tool definitions and ids are not what a rubric judges.
    text = block('conversation', c.messages.map((m) => ({ role: m.role, content: m.content })));
    conversationBlocks.set(c, text);
  }
  return text;
}

/** The instruction that ends a rubric prompt and its corrective retry. */
export function rubricReplyFormat(scale: JudgeScale): string {
  return `Reply with JSON only, exactly of this form: {"score": <an integer from ${scale.min} to ${scale.max}>, "reason": "<one or two sentences>"}`;
}

/** The instruction that ends a pairwise prompt and its corrective retry. */
export const PAIRWISE_REPLY_FORMAT = 'Reply with JSON only, exactly of this form: {"winner": "A" | "B" | "tie", "reason": "<one or two sentences>"}';

/** The messages asking a judge to grade one answer against a rubric on a scale. */
export function rubricMessages(rubric: string, scale: JudgeScale, conversation: JudgedConversation, answer: string): ChatMessage[] {
  const user = [
    'Grade the answer of the assistant at the end of this conversation against the rubric.',
    block('rubric', rubric),
    `Scale: integers from ${scale.min} (worst) to ${scale.max} (best).`,
    'The conversation, as JSON:',
    conversationBlock(conversation),
    'The answer to grade, as a JSON string:',
    block('answer', answer),
    rubricReplyFormat(scale),
  ].join('\n\n');
  return [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }];
}

/** The messages asking a judge which of two answers (A shown first, B second) better meets the rubric. */
export function pairwiseMessages(rubric: string, conversation: JudgedConversation, answerA: string, answerB: string): ChatMessage[] {
  const user = [
    'Two assistants answered the same conversation. Decide which answer better meets the rubric; say "tie" when neither is better.',
    block('rubric', rubric),
    'The conversation, as JSON:',
    conversationBlock(conversation),
    'Answer A, as a JSON string:',
    block('answer_a', answerA),
    'Answer B, as a JSON string:',
    block('answer_b', answerB),
    PAIRWISE_REPLY_FORMAT,
  ].join('\n\n');
  return [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }];
}

/** The conversation continued after an invalid reply: the judge sees its reply and what was wrong with it. */
export function correctiveMessages(messages: readonly ChatMessage[], invalidReply: string, problem: string, format: string): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: invalidReply },
    { role: 'user', content: `Your reply could not be used: ${problem}. ${format}` },
  ];
}

/** The request body sent to a judge target: its model and params, these messages. */
export function judgeRequestBody(target: Target, messages: readonly ChatMessage[]): Record<string, unknown> {
  const body: Record<string, unknown> = { ...target.params, model: target.model, messages };
  delete body.stream;
  delete body.tools;
  return body;
}

/** What a judge prompt holds, read back from the text of its user message (for the simulated judge). */
export interface ReadJudgePrompt {
  kind: 'rubric' | 'pairwise';
  rubric: string;
  scale: JudgeScale | null;
  conversation: ChatMessage[];
  answers: string[];
}

function readBlock(text: string, tag: string): unknown {
  const start = text.indexOf(`<${tag}>\n`);
  if (start < 0) return undefined;
  const from = start + tag.length + 3;
  const end = text.indexOf(`\n</${tag}>`, from);
  if (end < 0) return undefined;
  try {
    return JSON.parse(text.slice(from, end)) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads a prompt made by rubricMessages or pairwiseMessages; null for any other text. */
export function readJudgePrompt(text: string): ReadJudgePrompt | null {
  const rubric = readBlock(text, 'rubric');
  const conversation = readBlock(text, 'conversation');
  if (typeof rubric !== 'string' || !Array.isArray(conversation)) return null;
  const messages = conversation.filter((m): m is ChatMessage => typeof m === 'object' && m !== null && typeof (m as { role?: unknown }).role === 'string');
  const single = readBlock(text, 'answer');
  if (typeof single === 'string') {
    const m = /Scale: integers from (-?\d+) \(worst\) to (-?\d+) \(best\)/.exec(text);
    return { kind: 'rubric', rubric, scale: m ? { min: Number(m[1]), max: Number(m[2]) } : null, conversation: messages, answers: [single] };
  }
  const a = readBlock(text, 'answer_a');
  const b = readBlock(text, 'answer_b');
  if (typeof a === 'string' && typeof b === 'string') return { kind: 'pairwise', rubric, scale: null, conversation: messages, answers: [a, b] };
  return null;
}
