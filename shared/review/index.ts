/** Public surface of the blind review (pure, isomorphic). */
export { armOnSide, baselineSide, choiceFromSide, reviewerSeed } from './blind-sides.js';
export type { Side } from './blind-sides.js';
