/** "2026-11-02 09:15 UTC": the same on every machine, unlike locale formatting. */
export function formatTimestamp(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "sha256:0123abcd…" → "0123abcd4567"; the full digest stays available as a tooltip. */
export function shortDigest(digest: string, length = 12): string {
  const hex = digest.includes(':') ? digest.slice(digest.indexOf(':') + 1) : digest;
  return hex.slice(0, length);
}
