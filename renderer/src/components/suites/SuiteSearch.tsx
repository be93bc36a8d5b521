import { createDebouncedSearch } from '../DebouncedSearch.js';

/** The Suites screen's search over case ids, messages and expectations. */
export const SuiteSearch = createDebouncedSearch('SuiteSearch', {
  debounceMs: 250,
  className: 'suite-search',
  inputId: 'suite-search',
  label: 'Search the cases',
  placeholder: 'Search cases  /',
  title: 'Search case ids, messages and expectations (/)',
  testId: 'suite-search',
});
