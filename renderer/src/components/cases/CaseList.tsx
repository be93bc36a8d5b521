import type { CaseRow } from '../../../../shared/domain/case-review.js';
import { useVirtualListbox, type VirtualListProps } from '../../hooks/use-virtual-listbox.js';
import { CaseListRow } from './CaseListRow.js';

/** Fixed row height: two lines. A fixed size keeps the virtualiser from measuring 100,000 rows. */
export const CASE_ROW_HEIGHT = 58;

export interface CaseListProps extends VirtualListProps<CaseRow> {
  openCaseId: string | undefined;
  label: string;
  /** Words above the rows: what they are sorted by. */
  caption: string;
}

/**
 * The virtualised case list: one tab stop (a listbox whose active option follows the arrow keys), rows
 * rendered only while in view.
 */
export function CaseList({ total, rowAt, version, activeIndex, openCaseId, onActivate, onOpen, onRange, label, caption }: CaseListProps) {
  const { items, totalSize, optionId, listboxProps } = useVirtualListbox({ total, rowHeight: CASE_ROW_HEIGHT, activeIndex, version, onActivate, onOpen, onRange, optionName: 'case' });

  return (
    <>
    <div className="case-list-head" aria-hidden="true">
      <span>{caption}</span>
      <span title="Latency, candidate ÷ baseline">latency cand. ÷ base.</span>
    </div>
    <div {...listboxProps} className="case-list" aria-label={label} data-testid="case-list">
      <div className="case-list-inner" style={{ height: totalSize }}>
        {items.map((it) => {
          const row = rowAt(it.index);
          return (
            <div key={it.key} className="case-row-slot" style={{ transform: `translateY(${it.start}px)`, height: CASE_ROW_HEIGHT }}>
              <CaseListRow row={row} index={it.index} active={it.index === activeIndex} open={row !== undefined && row.case_id === openCaseId} optionId={optionId(it.index)} onOpen={onOpen} />
            </div>
          );
        })}
      </div>
    </div>
    </>
  );
}
