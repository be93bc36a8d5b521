export { listTraffic, getTraffic, type TrafficList, type TrafficDetail } from './traffic-views.js';
export { syncTrafficIndex } from './traffic-index.js';
export { ftsQuery } from './fts-query.js';
export { countPlaceholders, indexEntry, sampleView } from './index-entry.js';
