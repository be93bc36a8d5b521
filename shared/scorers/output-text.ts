/** One model output as scorers read it: the assistant's visible text, how it ended, its tool calls and what the call took. */
export interface ScoredOutput {
  text: string;
  finishReason: string | null;
  /** The tool calls the answer made; `arguments` is the JSON string the provider returned. */
  toolCalls: { name: string; arguments: string }[];
  /** Wall-clock time of the call (null or absent when not recorded). */
  latencyMs?: number | null;
  /** What the call cost (null or absent when its price is unknown). */
  costUsd?: number | null;
}
