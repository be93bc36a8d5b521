import type { FacetCount } from '../../../../shared/domain/case-review.js';
import type { SuiteCaseFilter } from '../../../../shared/domain/suite-view.js';
import type { SuiteCaseList } from '../../stores/suites-store.js';

type FacetName = 'status' | 'slice' | 'origin' | 'severity' | 'tag';
const SHOWN = 10;

function FacetGroup({ name, title, values, selected, onPick }: { name: FacetName; title: string; values: FacetCount[]; selected: string | undefined; onPick(value: string | undefined): void }) {
  if (values.length === 0 && selected === undefined) return null;
  // The chosen value stays listed even when the other filters leave it no cases.
  const top = values.slice(0, SHOWN);
  const shown = selected !== undefined && !top.some((v) => v.value === selected) ? [...top, { value: selected, count: values.find((v) => v.value === selected)?.count ?? 0 }] : top;
  const hidden = values.length - top.length;
  return (
    <section className="suite-facet" aria-labelledby={`suite-facet-${name}`}>
      <h2 id={`suite-facet-${name}`}>{title}</h2>
      <ul className="suite-facet-values">
        {shown.map((v) => {
          const pressed = v.value === selected;
          return (
            <li key={v.value}>
              <button type="button" className={`suite-facet-value${pressed ? ' pressed' : ''}`} aria-pressed={pressed} data-facet={name} data-value={v.value} onClick={() => onPick(pressed ? undefined : v.value)}>
                <span className="suite-facet-name">{v.value === '' ? '(none)' : v.value}</span>
                <span className="suite-facet-count">{v.count.toLocaleString('en-US')}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {hidden > 0 && <p className="hint">and {hidden} more: narrow with search</p>}
    </section>
  );
}

/** Status, slice, origin, severity and tag facets with counts under the other filters, and flagged-only. */
export function SuiteFacets({ facets, filter, onChange }: { facets: SuiteCaseList['facets'] | null; filter: SuiteCaseFilter; onChange(next: SuiteCaseFilter): void }) {
  const set = (key: FacetName, value: string | undefined) => {
    const { [key]: _old, ...rest } = filter;
    onChange(value === undefined ? rest : ({ ...rest, [key]: value } as SuiteCaseFilter));
  };
  return (
    <nav className="suite-facets" aria-label="Filter the cases">
      <label className="switch suite-flagged">
        <input
          type="checkbox"
          role="switch"
          data-testid="suite-flagged"
          checked={filter.flagged === true}
          onChange={(e) => {
            const { flagged: _old, ...rest } = filter;
            onChange(e.target.checked ? { ...rest, flagged: true } : rest);
          }}
        />
        <span className="switch-track" aria-hidden="true" />
        <span className="switch-label">
          Flagged by lint <span className="suite-facet-count">{facets ? facets.flagged.toLocaleString('en-US') : '…'}</span>
        </span>
      </label>
      <FacetGroup name="status" title="Status" values={facets?.status ?? []} selected={filter.status} onPick={(v) => set('status', v)} />
      <FacetGroup name="slice" title="Slice" values={facets?.slice ?? []} selected={filter.slice} onPick={(v) => set('slice', v)} />
      <FacetGroup name="origin" title="Origin" values={facets?.origin ?? []} selected={filter.origin} onPick={(v) => set('origin', v)} />
      <FacetGroup name="severity" title="Severity" values={facets?.severity ?? []} selected={filter.severity} onPick={(v) => set('severity', v)} />
      <FacetGroup name="tag" title="Tag" values={facets?.tag ?? []} selected={filter.tag} onPick={(v) => set('tag', v)} />
    </nav>
  );
}
