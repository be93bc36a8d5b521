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

/** Counts by kind, largest first: { EMAIL: 3, CARD: 1 } → "EMAIL 3 · CARD 1"; '' when there are none. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(' · ');
}

/** A redaction placeholder as the redactor writes it: <EMAIL_1>, <API_KEY_2>. */
const PLACEHOLDER = /<[A-Z][A-Z0-9_]*_\d+>/g;

/** Splits text into plain runs and redaction placeholders, in order, so the placeholders can be marked. */
export function splitPlaceholders(text: string): { text: string; placeholder: boolean }[] {
  const parts: { text: string; placeholder: boolean }[] = [];
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push({ text: text.slice(at, m.index), placeholder: false });
    parts.push({ text: m[0], placeholder: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), placeholder: false });
  return parts;
}

/** A byte count for people: "812 B", "3.4 KB", "12.0 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}
