/**
 * Text that may be long (a system prompt, a document): shown whole when short, else its opening with the rest
 * one click away. A disclosure, not a scrolling box, so it needs no extra tab stop and reads fully when open.
 */
export function LongText({ text, limit = 280, className }: { text: string; limit?: number; className?: string }) {
  if (text.length <= limit) return <div className={className}>{text}</div>;
  const cut = text.lastIndexOf(' ', limit);
  const opening = text.slice(0, cut > limit / 2 ? cut : limit);
  return (
    <details className={`long-text ${className ?? ''}`}>
      <summary>
        {opening}… <span className="long-text-more">({text.length.toLocaleString('en-US')} characters, show all)</span>
      </summary>
      <div>{text}</div>
    </details>
  );
}
