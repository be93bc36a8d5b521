/** The assistant's visible text of one output, as scorers read it. */
export interface ScoredOutput {
  text: string;
  finishReason: string | null;
  toolCalls: { name: string; arguments: string }[];
}
