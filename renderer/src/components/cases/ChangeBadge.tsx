import type { OutcomeChange } from '../../../../shared/domain/case-review.js';
import { CHANGE_LABELS } from './case-format.js';

/** How a case moved between the arms: regression, improvement, both fail, both pass, unjudged. */
export function ChangeBadge({ change }: { change: OutcomeChange }) {
  return <span className={`change-badge change-${change}`}>{CHANGE_LABELS[change]}</span>;
}
