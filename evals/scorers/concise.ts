// Example scorer (TypeScript, compiled on load). A suite uses it as:
//   expectations:
//     - type: custom
//       scorer: concise
//       options: { target_words: 80 }
//       min_score: 0.7          # optional: without it, the module's threshold (0.5) decides
// Scores 1 for an answer of at most `target_words` words, falling linearly to 0 at three times that length.
// See the README, "Custom scorers".

/** What this scorer reads of its input (the full shape is CustomScorerInput in the README). */
interface Input {
  output: { text: string };
  options: { target_words?: number };
}

/** Pass mark when the suite sets no min_score/max_score. */
export const threshold = 0.5;

export default function concise({ output, options }: Input): { score: number; reason: string } {
  const target = options.target_words ?? 80;
  const words = output.text.split(/\s+/).filter(Boolean).length;
  const score = words <= target ? 1 : Math.max(0, 1 - (words - target) / (2 * target));
  return { score: Math.round(score * 1000) / 1000, reason: `${words} words (target ${target})` };
}
