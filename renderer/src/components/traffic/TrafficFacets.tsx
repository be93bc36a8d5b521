import type { FacetCount } from '../../../../shared/domain/case-review.js';
import type { TrafficFilter } from '../../../../shared/domain/traffic.js';
import type { TrafficList } from '../../stores/traffic-store.js';

const SHOWN = 8;

function FacetGroup({ name, title, values, selected, onPick }: { name: 'slice' | 'model'; title: string; values: FacetCount[]; selected: string | undefined; onPick(value: string | undefined): void }) {
  if (values.length === 0 && selected === undefined) return null;
  // The chosen value stays listed even when the other filters leave it no samples.
  const top = values.slice(0, SHOWN);
  const shown = selected !== undefined && !top.some((v) => v.value === selected) ? [...top, { value: selected, count: values.find((v) => v.value === selected)?.count ?? 0 }] : top;
  const hidden = values.length - top.length;
  return (
    <section className="traffic-facet" aria-labelledby={`traffic-facet-${name}`}>
      <h2 id={`traffic-facet-${name}`}>{title}</h2>
      <ul className="traffic-facet-values">
        {shown.map((v) => {
          const pressed = v.value === selected;
          return (
            <li key={v.value}>
              <button type="button" className={`traffic-facet-value${pressed ? ' pressed' : ''}`} aria-pressed={pressed} data-facet={name} data-value={v.value} onClick={() => onPick(pressed ? undefined : v.value)}>
                <span className="traffic-facet-name">{v.value}</span>
                <span className="traffic-facet-count">{v.count.toLocaleString('en-US')}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {hidden > 0 && <p className="hint">and {hidden} more: narrow with search</p>}
    </section>
  );
}

/** Slice and model facets with their counts under the other filters, and the redacted-only switch. */
export function TrafficFacets({ facets, filter, onChange }: { facets: TrafficList['facets'] | null; filter: TrafficFilter; onChange(next: TrafficFilter): void }) {
  const set = (key: 'slice' | 'model', value: string | undefined) => {
    const { [key]: _old, ...rest } = filter;
    onChange(value === undefined ? rest : { ...rest, [key]: value });
  };
  return (
    <nav className="traffic-facets" aria-label="Filter the samples">
      <label className="switch traffic-redacted">
        <input
          type="checkbox"
          role="switch"
          data-testid="traffic-redacted"
          checked={filter.redacted === true}
          onChange={(e) => {
            const { redacted: _old, ...rest } = filter;
            onChange(e.target.checked ? { ...rest, redacted: true } : rest);
          }}
        />
        <span className="switch-track" aria-hidden="true" />
        <span className="switch-label">
          Redacted only <span className="traffic-facet-count">{facets ? facets.redacted.toLocaleString('en-US') : '…'}</span>
        </span>
      </label>
      <FacetGroup name="slice" title="Slice" values={facets?.slice ?? []} selected={filter.slice} onPick={(v) => set('slice', v)} />
      <FacetGroup name="model" title="Model" values={facets?.model ?? []} selected={filter.model} onPick={(v) => set('model', v)} />
    </nav>
  );
}
