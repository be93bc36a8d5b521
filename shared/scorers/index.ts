export * from './output-text.js';
export * from './refusal.js';
export * from './citations.js';
export * from './score-expectation.js';
