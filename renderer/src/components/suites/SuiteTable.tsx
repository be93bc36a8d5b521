import type { SuiteSummary } from '../../../../shared/domain/suite-view.js';
import { hrefOf } from '../../routing/use-route.js';

const n = (v: number) => v.toLocaleString('en-US');

/** Every suite file of the workspace with its cases by status, its slices and what lint found. */
export function SuiteTable({ suites }: { suites: SuiteSummary[] }) {
  return (
    <table className="suite-table" data-testid="suite-table">
      <thead>
        <tr>
          <th scope="col">Suite</th>
          <th scope="col" className="num">
            Cases
          </th>
          <th scope="col" className="num">
            Draft
          </th>
          <th scope="col" className="num">
            Active
          </th>
          <th scope="col" className="num">
            Retired
          </th>
          <th scope="col">Slices</th>
          <th scope="col">Lint</th>
        </tr>
      </thead>
      <tbody>
        {suites.map((s) => (
          <tr key={s.file} data-file={s.file}>
            <th scope="row">
              <a href={hrefOf({ screen: 'suites', file: s.file, filter: {} })} className="suite-link">
                {s.name ?? s.file}
              </a>
              {s.is_default && <span className="fact">default</span>}
              <div className="muted small">
                <code>{s.file}</code>
              </div>
              {s.traffic_slices && <div className="muted small">plus imported traffic of {s.traffic_slices.length ? s.traffic_slices.join(', ') : 'every slice'}, selected at replay</div>}
              {s.error && <div className="form-error">{s.error}</div>}
            </th>
            <td className="num">{n(s.cases)}</td>
            <td className="num">{n(s.by_status.draft)}</td>
            <td className="num">{n(s.by_status.active)}</td>
            <td className="num">{n(s.by_status.retired)}</td>
            <td className="suite-slices">{s.by_slice.map((x) => `${x.value || '(none)'} ${n(x.count)}`).join(' · ') || <span className="muted">none</span>}</td>
            <td>
              {s.lint.errors + s.lint.warnings === 0 ? (
                <span className="muted">clean</span>
              ) : (
                <span className={s.lint.errors ? 'lint-mark lint-error' : 'lint-mark lint-warning'}>
                  {s.lint.errors ? `${n(s.lint.errors)} error${s.lint.errors === 1 ? '' : 's'}` : ''}
                  {s.lint.errors && s.lint.warnings ? ', ' : ''}
                  {s.lint.warnings ? `${n(s.lint.warnings)} warning${s.lint.warnings === 1 ? '' : 's'}` : ''}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
