/**
 * Remembers a pure function's results for up to `max` distinct keys, then starts over. The simulated model reads
 * the same documents, fact keys and words in request after request (a RAG corpus and a system prompt repeat across
 * a whole capture); re-deriving them dominated its time per request. Outputs are exactly the function's.
 */
export function boundedMemo<K, V>(fn: (key: K) => V, max = 4096): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined || known.has(key)) return hit as V;
    const value = fn(key);
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}
