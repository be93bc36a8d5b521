import { createDebouncedSearch } from '../DebouncedSearch.js';

/** The Traffic screen's search (see DebouncedSearch for how typing and the URL meet). */
export const TrafficSearch = createDebouncedSearch('TrafficSearch', {
  debounceMs: 250,
  className: 'traffic-search',
  inputId: 'traffic-search',
  label: 'Search the samples',
  placeholder: 'Search messages, answers and documents  /',
  testId: 'traffic-search',
});
