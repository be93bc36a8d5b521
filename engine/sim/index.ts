// Public surface of the simulated model endpoints and the demo traffic built on them.
export { startSimServer, type SimServer, type SimServerOptions, type SimRequestLogEntry } from './http-server.js';
export { MAX_BODY_BYTES } from './http-io.js';
export { simulateCompletion, UnknownSimModelError, type SimCompletion } from './simulate.js';
export type { Deviation } from './compose-answer.js';
export { loadBehaviours, parseBehaviours, defaultBehavioursFile, type SimBehaviours, type Intent } from './behaviours.js';
export { type SimFaults, type FaultKind } from './faults.js';
export { toChatRequest, type AnthropicRequest } from './anthropic-request.js';
export { requestHash } from './request-hash.js';
export {
  generateDemoTraffic,
  toJsonl,
  defaultDemoQuotas,
  DEFAULT_DEMO_SEED,
  type DemoTrafficOptions,
} from './demo-traffic/generate-demo-traffic.js';
export { demoSlices, type DemoSlice } from './demo-traffic/build-turn.js';
export { scoreSampleAnswer } from './demo-traffic/score-sample.js';
