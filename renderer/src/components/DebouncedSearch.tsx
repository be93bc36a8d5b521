import { forwardRef, useEffect, useRef, useState } from 'react';

export interface DebouncedSearchProps {
  /** The search in force (from the URL). */
  value: string;
  /** Called with the trimmed text after a pause in typing, or at once on Enter. */
  onSearch(q: string): void;
  /** How long typing must pause before the search changes. */
  debounceMs: number;
  /** Class of the wrapper, for the screen's own styling. */
  className: string;
  inputId: string;
  /** The visually hidden label of the input. */
  label: string;
  placeholder: string;
  title?: string;
  testId?: string;
}

/**
 * A search box whose typing waits for a pause before it changes the filter, and in which a change of the URL
 * from elsewhere (Back, a chip or facet cleared) shows up unless the user is typing — one place for both lists'
 * searches, so the two cannot drift apart.
 */
export const DebouncedSearch = forwardRef<HTMLInputElement, DebouncedSearchProps>(function DebouncedSearch(
  { value, onSearch, debounceMs, className, inputId, label, placeholder, title, testId },
  ref,
) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // While a pause is pending the box shows what the user typed, not the (older) URL.
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
  // The pause's timer calls the newest onSearch, not the one of the render where typing started: a facet picked
  // or a row opened during the pause changed the screen's filter, and the search must build on that.
  const latestOnSearch = useRef(onSearch);
  latestOnSearch.current = onSearch;
  const commit = (q: string) => {
    if (timer.current) clearTimeout(timer.current);
    typing.current = false;
    latestOnSearch.current(q.trim());
  };
  return (
    <div className={className}>
      <label htmlFor={inputId} className="sr-only">
        {label}
      </label>
      <input
        id={inputId}
        ref={ref}
        type="search"
        placeholder={placeholder}
        value={text}
        aria-keyshortcuts="/"
        title={title}
        autoComplete="off"
        spellCheck={false}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          typing.current = true;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(next), debounceMs);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit(text);
        }}
      />
    </div>
  );
});

/** What a screen's search fixes once: everything but the value and the callback. */
export type DebouncedSearchSetup = Omit<DebouncedSearchProps, 'value' | 'onSearch'>;

/** A screen's own search box: DebouncedSearch with its label, ids and timing fixed, taking only value and onSearch. */
export function createDebouncedSearch(displayName: string, setup: DebouncedSearchSetup) {
  const Search = forwardRef<HTMLInputElement, { value: string; onSearch(q: string): void }>(function Search(props, ref) {
    return <DebouncedSearch ref={ref} {...setup} {...props} />;
  });
  Search.displayName = displayName;
  return Search;
}
