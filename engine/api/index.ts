export { dispatch, isMethod } from './dispatch.js';
export { EventBus } from './events.js';
export { handlers, type HandlerContext } from './handlers.js';
