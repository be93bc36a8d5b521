/** Public surface of redaction (pure, isomorphic): secrets and PII out of captured traffic before storage. */
export { createRedactor } from './create-redactor.js';
export type { Redactor } from './create-redactor.js';
export { PlaceholderScope } from './placeholder-scope.js';
export { REDACTION_KINDS } from './kinds.js';
export type { CustomPattern, RedactionKind, RedactorOptions } from './kinds.js';
export { MAX_NESTING_DEPTH, NestingTooDeepError, nestsDeeperThan } from './nesting.js';
