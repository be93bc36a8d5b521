import type { SuiteCaseRow } from '../../../../shared/domain/suite-view.js';
import { useVirtualListbox, type VirtualListProps } from '../../hooks/use-virtual-listbox.js';

/** Fixed row height: two lines. A fixed size keeps the virtualiser from measuring thousands of rows. */
export const SUITE_ROW_HEIGHT = 58;

export interface SuiteCaseListProps extends VirtualListProps<SuiteCaseRow> {
  openId: string | undefined;
}

function LintMark({ row }: { row: SuiteCaseRow }) {
  if (row.lint_errors + row.lint_warnings === 0) return null;
  const error = row.lint_errors > 0;
  const n = row.lint_errors + row.lint_warnings;
  return (
    <span className={`lint-mark ${error ? 'lint-error' : 'lint-warning'}`} data-testid="lint-mark">
      {error ? '⚠' : '!'} {n} {error ? (row.lint_errors === n ? 'error' : 'problem') : 'warning'}
      {n === 1 ? '' : 's'}
    </span>
  );
}

/** The virtualised case list of a suite file: one tab stop (a listbox whose active option follows the arrow keys). */
export function SuiteCaseList({ total, rowAt, version, activeIndex, openId, onActivate, onOpen, onRange }: SuiteCaseListProps) {
  const { items, totalSize, optionId, listboxProps } = useVirtualListbox({
    total,
    rowHeight: SUITE_ROW_HEIGHT,
    activeIndex,
    version,
    onActivate,
    onOpen,
    onRange,
    optionName: 'suite-case',
    letterKeys: true,
  });
  return (
    <div {...listboxProps} className="suite-case-list" aria-label="Cases of the suite" data-testid="suite-case-list">
      <div className="suite-case-list-inner" style={{ height: totalSize }}>
        {items.map((it) => {
          const row = rowAt(it.index);
          const active = it.index === activeIndex;
          const open = row !== undefined && row.case_id === openId;
          return (
            <div
              key={it.key}
              id={optionId(it.index)}
              role="option"
              aria-selected={open}
              className={`suite-case-row${active ? ' active' : ''}${open ? ' open' : ''}`}
              style={{ transform: `translateY(${it.start}px)`, height: SUITE_ROW_HEIGHT }}
              data-case-id={row?.case_id}
              onClick={() => onOpen(it.index)}
            >
              {row ? (
                <>
                  <div className="suite-case-row-top">
                    <span className="suite-case-row-id">{row.case_id}</span>
                    <span className={`status-badge status-${row.status}`}>{row.status}</span>
                    {row.slice && <span className="sample-slice">{row.slice}</span>}
                    <LintMark row={row} />
                  </div>
                  <div className="suite-case-row-preview">{row.preview || '(no user message)'}</div>
                </>
              ) : (
                <span className="muted">Loading…</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
