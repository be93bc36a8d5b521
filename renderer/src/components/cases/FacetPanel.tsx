import { useRef, useState, type KeyboardEvent } from 'react';
import type { CaseFacets, CaseFilter, FacetCount } from '../../../../shared/domain/case-review.js';
import { CHANGE_LABELS, formatCount } from './case-format.js';

type ValueFacet = 'change' | 'severity' | 'origin' | 'slice' | 'tag' | 'failed' | 'category';

const GROUPS: { key: ValueFacet; title: string }[] = [
  { key: 'change', title: 'Change' },
  { key: 'failed', title: 'Failed expectation' },
  { key: 'category', title: 'Failure category' },
  { key: 'severity', title: 'Severity' },
  { key: 'slice', title: 'Slice' },
  { key: 'tag', title: 'Tag' },
  { key: 'origin', title: 'Origin' },
];

const SHOWN = 6;

function valueLabel(key: ValueFacet, value: string): string {
  return key === 'change' ? (CHANGE_LABELS[value as keyof typeof CHANGE_LABELS] ?? value) : value;
}

/** One facet: its values with counts, one tab stop (arrow keys move between values), the chosen value pressed. */
function FacetGroup({ facetKey, title, values, selected, onPick }: { facetKey: ValueFacet; title: string; values: FacetCount[]; selected: string | undefined; onPick(value: string | undefined): void }) {
  const [all, setAll] = useState(false);
  const [focusAt, setFocusAt] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  // The chosen value stays visible even when it is not among the largest.
  const top = all ? values : values.slice(0, SHOWN);
  const shown = selected !== undefined && !top.some((v) => v.value === selected) ? [...top, ...values.filter((v) => v.value === selected)] : top;
  if (values.length === 0) return null;
  const max = Math.max(1, ...values.map((v) => v.count));
  const tabAt = Math.min(focusAt, shown.length - 1);
  const onKeyDown = (e: KeyboardEvent) => {
    const delta = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (tabAt + delta + shown.length) % shown.length;
    setFocusAt(next);
    buttons.current[next]?.focus();
  };
  return (
    <section className="facet-group" aria-labelledby={`facet-${facetKey}`}>
      <h3 id={`facet-${facetKey}`}>{title}</h3>
      <div role="group" aria-labelledby={`facet-${facetKey}`} className="facet-values" onKeyDown={onKeyDown}>
        {shown.map((v, i) => {
          const pressed = v.value === selected;
          return (
            <button
              key={v.value}
              ref={(el) => {
                buttons.current[i] = el;
              }}
              type="button"
              className={`facet-value${pressed ? ' pressed' : ''}`}
              aria-pressed={pressed}
              tabIndex={i === tabAt ? 0 : -1}
              onFocus={() => setFocusAt(i)}
              onClick={() => onPick(pressed ? undefined : v.value)}
              data-facet={facetKey}
              data-value={v.value}
            >
              <span className="facet-bar" style={{ width: `${(v.count / max) * 100}%` }} aria-hidden="true" />
              <span className="facet-name">{valueLabel(facetKey, v.value)}</span>
              <span className="facet-count">{formatCount(v.count)}</span>
            </button>
          );
        })}
      </div>
      {values.length > SHOWN && (
        <button type="button" className="link-button facet-more" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Fewer' : `All ${values.length}`}
        </button>
      )}
    </section>
  );
}

/** Facet counts of the case list; picking a value narrows the filter, picking it again widens it. */
export function FacetPanel({ facets, filter, onChange }: { facets: CaseFacets | null; filter: CaseFilter; onChange(filter: CaseFilter): void }) {
  if (!facets) return <div className="facet-panel muted">Counting…</div>;
  const set = (key: keyof CaseFilter, value: unknown) => {
    const next: Record<string, unknown> = { ...filter };
    if (value === undefined || value === false) delete next[key];
    else next[key] = value;
    onChange(next as CaseFilter);
  };
  return (
    <div className="facet-panel" data-testid="facet-panel">
      {GROUPS.map((g) => (
        <FacetGroup key={g.key} facetKey={g.key} title={g.title} values={facets[g.key]} selected={filter[g.key] as string | undefined} onPick={(v) => set(g.key, v)} />
      ))}
      <section className="facet-group" aria-label="Exclusions">
        <h3>Left out of gates</h3>
        <label className="facet-check">
          <input type="checkbox" checked={filter.infra === true} onChange={(e) => set('infra', e.target.checked)} />
          <span className="facet-name">Infra error</span>
          <span className="facet-count">{formatCount(facets.infra)}</span>
        </label>
        <label className="facet-check">
          <input type="checkbox" checked={filter.unreplayable === true} onChange={(e) => set('unreplayable', e.target.checked)} />
          <span className="facet-name">Unreplayable tool call</span>
          <span className="facet-count">{formatCount(facets.unreplayable)}</span>
        </label>
      </section>
    </div>
  );
}
