import { splitPlaceholders } from '../format.js';

/** Text as it will be stored, with redaction placeholders (<EMAIL_1>) marked so they are easy to spot. */
export function RedactedText({ text, className }: { text: string; className?: string }) {
  return (
    <span className={className}>
      {splitPlaceholders(text).map((part, i) =>
        part.placeholder ? (
          <mark key={i} className="redaction-token" title="Redacted before storing">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </span>
  );
}
