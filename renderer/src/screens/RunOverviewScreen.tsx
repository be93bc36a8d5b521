import type { Route } from '../routing/route.js';

// BUILDING: replaced by the real screen in this change; never lands as is.
/** The RunOverviewScreen. */
export function RunOverviewScreen({ route }: { route: Route }) {
  return <main id="main" className="placeholder">{route.screen} is being built</main>;
}
