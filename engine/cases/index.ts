export { listCases, type CaseListQuery } from './list-cases.js';
export { getCaseDetail } from './case-detail.js';
export { gateDrilldown } from './gate-drilldown.js';
export { caseIndexFor, caseIndexReady } from './case-index-cache.js';
