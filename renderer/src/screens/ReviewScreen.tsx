import type { Route } from '../routing/route.js';

// BUILDING: replaced by the real screen in this change; never lands as is.
/** The ReviewScreen. */
export function ReviewScreen({ route }: { route: Route }) {
  return <main id="main" className="placeholder">{route.screen} is being built</main>;
}
