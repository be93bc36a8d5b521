import { z } from 'zod';

/**
 * Restricted Damerau–Levenshtein (optimal string alignment) distance: insertions, deletions, substitutions and
 * swaps of two adjacent characters each cost one edit (`critcal` → `critical` 1, `slcie` → `slice` 1).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

const squash = (key: string) => key.toLowerCase().replace(/[-_\s]/g, '');

/**
 * The known key a misspelled one most likely meant, or undefined when none is close: the same key in another case
 * or spelling (`systemPrompt`, `System-Prompt`), else the nearest within a third of the longer key's length (at
 * least one edit), the first listed on a tie.
 */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const squashed = squash(key);
  const same = known.find((k) => squash(k) === squashed);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const distance = editDistance(key.toLowerCase(), k.toLowerCase());
    if (distance <= Math.max(1, Math.floor(Math.max(key.length, k.length) / 3)) && distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  return best;
}

/** "unknown key `sytem_prompt` — did you mean `system_prompt`?", or the keys that are allowed when none is close. */
export function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = nearestKey(key, known);
  return near !== undefined ? `unknown key \`${key}\` — did you mean \`${near}\`?` : `unknown key \`${key}\` (allowed here: ${known.join(', ')})`;
}

/**
 * An object of a config file (canary-gate.yaml, a suite, a policy): a key the schema does not know is an error
 * (zod's `unrecognized_keys`) whose message names the nearest known key, never silently dropped — a misspelled
 * `sytem_prompt` would otherwise gate the baseline against itself. Only for what people write: captured traffic
 * and other outside data keep plain `z.object` (extra fields ignored).
 */
export function configObject<S extends z.core.$ZodLooseShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? issue.keys.map((k) => unknownKeyMessage(k, known)).join('; ') : undefined),
  });
}
