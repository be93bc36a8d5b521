import { forwardRef, useEffect, useRef, useState } from 'react';

const DEBOUNCE_MS = 250;

/**
 * The Traffic screen's search: typing waits for a pause before it changes the filter (the URL), and a change of
 * the URL from elsewhere (Back, a facet cleared) shows up in the box unless the user is typing.
 */
export const TrafficSearch = forwardRef<HTMLInputElement, { value: string; onSearch(q: string): void }>(function TrafficSearch({ value, onSearch }, ref) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const typing = useRef(false);
  useEffect(() => {
    if (!typing.current) setText(value);
  }, [value]);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const commit = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    typing.current = false;
    onSearch(q.trim());
  };
  return (
    <div className="traffic-search">
      <label htmlFor="traffic-search" className="sr-only">
        Search the samples
      </label>
      <input
        id="traffic-search"
        ref={ref}
        type="search"
        placeholder="Search messages, answers and documents  /"
        value={text}
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        data-testid="traffic-search"
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          typing.current = true;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(next), DEBOUNCE_MS);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
        }}
      />
    </div>
  );
});
