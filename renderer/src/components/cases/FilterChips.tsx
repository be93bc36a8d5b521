import type { CaseFilter } from '../../../../shared/domain/case-review.js';
import { filterChips, withoutKey } from './case-format.js';

/** The active filters, each removable; "Clear" drops them all. */
export function FilterChips({ filter, onChange }: { filter: CaseFilter; onChange(filter: CaseFilter): void }) {
  const chips = filterChips(filter);
  if (chips.length === 0) return null;
  return (
    <ul className="filter-chips" aria-label="Active filters" data-testid="filter-chips">
      {chips.map((c) => (
        <li key={c.key}>
          <button type="button" className="chip" onClick={() => onChange(withoutKey(filter, c.key))} aria-label={`Remove filter ${c.label}: ${c.value}`} data-chip={c.key}>
            <span className="chip-label">{c.label}</span> {c.value} <span aria-hidden="true">✕</span>
          </button>
        </li>
      ))}
      {chips.length > 1 && (
        <li>
          <button type="button" className="link-button" onClick={() => onChange({})}>
            Clear all
          </button>
        </li>
      )}
    </ul>
  );
}
