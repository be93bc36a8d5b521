const strict = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly: null for invalid byte sequences (a lenient decode would hide them as U+FFFD). */
export function decodeUtf8Strict(bytes: Buffer): string | null {
  const text = bytes.toString('utf8');
  // The lenient decode is fast; only text that shows a replacement character needs the strict check.
  if (!text.includes('\uFFFD')) return text;
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
