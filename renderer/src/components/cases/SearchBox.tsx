import { forwardRef, useEffect, useRef, useState } from 'react';

// Short: the engine answers a warm search in tens of milliseconds, and the quality bar is 150 ms from input to rows;
// long enough that a burst of keys is one query, and stale answers are dropped by the store anyway.
const DEBOUNCE_MS = 60;

/**
 * The full-text search of the case list: typing waits for a pause before it changes the filter, and a
 * change of the URL from elsewhere (Back, a chip removed) shows up in the box unless the reviewer is typing.
 */
export const SearchBox = forwardRef<HTMLInputElement, { value: string; onSearch(q: string): void }>(function SearchBox({ value, onSearch }, ref) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);
  useEffect(() => {
    if (!typing.current) setText(value);
  }, [value]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);
  return (
    <div className="search-box">
      <label htmlFor="case-search" className="sr-only">
        Search cases
      </label>
      <input
        id="case-search"
        ref={ref}
        type="search"
        placeholder="Search input and answers  /"
        value={text}
        aria-keyshortcuts="/"
        title='Words match whole and all must appear; refund* for a prefix, "a phrase" in quotes, OR between words'
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          typing.current = true;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => {
            typing.current = false;
            onSearch(next.trim());
          }, DEBOUNCE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            if (timer.current) clearTimeout(timer.current);
            typing.current = false;
            onSearch(text.trim());
          }
        }}
      />
    </div>
  );
});
