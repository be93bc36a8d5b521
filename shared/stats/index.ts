/** Public surface of the statistics library (pure, isomorphic). */
export { normalCdf, normalSf, normalQuantile } from './normal.js';
export { binomialPmf, binomialCdf, binomialSf, mcnemarExact } from './binomial.js';
export type { McNemarResult } from './binomial.js';
export { twoSidedZ, wilsonInterval, wilsonIntervalAtCritical, newcombeUnpairedDifference, ruleOfThreeUpper } from './proportions.js';
export type { Interval } from './proportions.js';
export {
  pairedDifference,
  pairedWaldInterval,
  newcombePairedInterval,
  newcombePairedIntervalAtCritical,
  clusteredStandardError,
} from './paired-binary.js';
export type { PairedValue, PairedDifference, PairedMethod } from './paired-binary.js';
export { createRng, quantile, pairedBootstrapRatio, unpairedBootstrapRatio } from './bootstrap.js';
export type { Rng, BootstrapStatistic, BootstrapOptions, BootstrapRatioResult } from './bootstrap.js';
export {
  sampleSizeForVariance,
  sampleSizeUnpairedProportions,
  sampleSizePairedCorrelated,
  sampleSizeDiscordant,
} from './power.js';
export { regularizedIncompleteBeta, inverseRegularizedIncompleteBeta } from './incomplete-beta.js';
export { studentTCdf, studentTQuantile } from './student-t.js';
export { clopperPearsonInterval, clopperPearsonUpper } from './clopper-pearson.js';
export { clusterRobustVariance, designEffect, robustDegreesOfFreedom, informativeUnits, tCritical } from './design-effect.js';
export type { ClusterRobustVariance } from './design-effect.js';
export { clusteredRateInterval } from './clustered-rate.js';
export type { RateItem, ClusteredRate } from './clustered-rate.js';
export { pairedBootstrapTMeanRatio } from './bootstrap-t.js';
export { harrellDavisQuantile, pairedBootstrapHarrellDavisRatio } from './harrell-davis.js';
