export * from './capture.js';
export * from './scorer-spec.js';
export * from './suite.js';
export * from './target.js';
export * from './policy.js';
export * from './gate-result.js';
export * from './run.js';
export * from './import.js';
