import { createDebouncedSearch } from '../DebouncedSearch.js';

/** The full-text search of the case list (see DebouncedSearch for how typing and the URL meet). */
export const SearchBox = createDebouncedSearch('SearchBox', {
  // Short: the engine answers a warm search in tens of milliseconds, and the quality bar is 150 ms from input to
  // rows; long enough that a burst of keys is one query, and stale answers are dropped by the store anyway.
  debounceMs: 60,
  className: 'search-box',
  inputId: 'case-search',
  label: 'Search cases',
  placeholder: 'Search input and answers  /',
  title: 'Words match whole and all must appear; refund* for a prefix, "a phrase" in quotes, OR between words',
});
