export * from './output-text.js';
export * from './refusal.js';
export * from './citations.js';
export * from './score-expectation.js';
export * from './check-expectation.js';
export { tokenF1 } from './similarity.js';
export { findSensitive } from './leak.js';
export { LANGUAGE_CODES, MIN_LANGUAGE_LETTERS } from './language.js';
